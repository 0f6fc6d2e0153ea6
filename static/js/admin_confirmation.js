// Staff pages: a confirmation (import done, request decided) takes the focus so that it is
// read at once, unless a form's errors are shown (Django's own .errornote comes first).
document.addEventListener("DOMContentLoaded", function () {
  var messages = document.getElementById("messages");
  if (messages && !document.querySelector(".errornote")) {
    messages.focus();
  }
});
