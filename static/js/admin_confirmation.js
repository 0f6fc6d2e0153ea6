// Staff pages: after a failed submission the error summary takes the focus, so that it is
// read at once (the page's own #resume-erreurs, else Django's .errornote); otherwise a
// confirmation (import done, request decided, sending started) takes it.
document.addEventListener("DOMContentLoaded", function () {
  var erreurs = document.getElementById("resume-erreurs") || document.querySelector(".errornote");
  if (erreurs) {
    if (!erreurs.hasAttribute("tabindex")) {
      erreurs.setAttribute("tabindex", "-1");
    }
    erreurs.focus();
    return;
  }
  var messages = document.getElementById("messages");
  if (messages) {
    messages.focus();
  }
});
