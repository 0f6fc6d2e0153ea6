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
    // Django's change_form.js (loaded async) focuses an add form's first field whenever it
    // arrives, possibly after this: async scripts run before "load", so the summary takes
    // the focus back then, unless the user has already pressed a key or the mouse.
    var agi = false;
    var marquer = function () {
      agi = true;
    };
    document.addEventListener("keydown", marquer, { once: true });
    document.addEventListener("mousedown", marquer, { once: true });
    window.addEventListener("load", function () {
      if (!agi && document.activeElement !== erreurs) {
        erreurs.focus();
      }
    });
    return;
  }
  var messages = document.getElementById("messages");
  if (messages) {
    messages.focus();
  }
});
