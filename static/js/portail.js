// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var resume = document.getElementById("resume-erreurs");
  if (resume) {
    // A failed submission: the error summary takes the focus, every time. A hash left by
    // a previous click in the summary (#id_field) must not send the focus to that field.
    if (window.location.hash) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    resume.focus();
  } else {
    // A confirmation (saved, imported, mode switched, logged out): focus it so that it is
    // read at once.
    var messages = document.getElementById("messages");
    if (messages) {
      messages.focus();
    }
  }
  nommerLesBoitesDefilantes();
  window.addEventListener("resize", nommerLesBoitesDefilantes);
  avertirFinDeSession();
});

// WCAG 2.1.1 / 1.4.10: a table wider than the screen scrolls in its box; that box is then
// reached with Tab (the arrow keys scroll it) and named after the table's caption.
function nommerLesBoitesDefilantes() {
  document.querySelectorAll(".tableau-defilant, .table-responsive").forEach(function (boite, i) {
    if (boite.querySelector(".tableau-defilant, .table-responsive")) {
      return; // the inner box is the one that scrolls
    }
    var defile = boite.scrollWidth > boite.clientWidth + 1;
    if (!defile) {
      if (boite.dataset.nommee) {
        boite.removeAttribute("tabindex");
        boite.removeAttribute("role");
        boite.removeAttribute("aria-labelledby");
        delete boite.dataset.nommee;
      }
      return;
    }
    if (boite.hasAttribute("tabindex")) {
      return; // already focusable and named in the template
    }
    var legende = boite.querySelector("caption");
    if (legende) {
      legende.id = legende.id || "legende-defilante-" + i;
      boite.setAttribute("aria-labelledby", legende.id);
    }
    boite.setAttribute("role", "region");
    boite.setAttribute("tabindex", "0");
    boite.dataset.nommee = "1";
  });
}

// WCAG 2.2.1: two minutes before the session ends, say so and offer to continue.
function avertirFinDeSession() {
  var dialogue = document.getElementById("avertissement-session");
  if (!dialogue || typeof dialogue.showModal !== "function") {
    return;
  }
  var duree = parseInt(dialogue.dataset.duree, 10) * 1000;
  var avance = parseInt(dialogue.dataset.avance, 10) * 1000;
  var prolonger = dialogue.querySelector("[data-action=prolonger]");
  var fermer = dialogue.querySelector("[data-action=fermer]");
  var texte = document.getElementById("avertissement-session-texte");
  var minuteurs = [];

  function terminee() {
    texte.textContent = texte.dataset.fin;
    prolonger.hidden = true;
    fermer.hidden = false;
    fermer.focus();
  }

  function armer() {
    minuteurs.forEach(clearTimeout);
    minuteurs = [
      setTimeout(function () {
        if (!dialogue.open) {
          dialogue.showModal();
        }
        prolonger.focus();
      }, Math.max(duree - avance, 0)),
      setTimeout(terminee, duree),
    ];
  }

  prolonger.addEventListener("click", function () {
    fetch(dialogue.dataset.url, { credentials: "same-origin", cache: "no-store" }).then(
      function (reponse) {
        if (reponse.status === 204) {
          dialogue.close();
          armer();
        } else {
          terminee();
        }
      },
      terminee
    );
  });
  fermer.addEventListener("click", function () {
    dialogue.close();
  });
  armer();
}
