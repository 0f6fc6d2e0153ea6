// Admin import pages: focus the error summary; follow a background run's progress.
document.addEventListener("DOMContentLoaded", function () {
  var resume = document.getElementById("resume-erreurs");
  if (resume) {
    resume.focus();
  }
  var bloc = document.getElementById("progression");
  if (!bloc) {
    return;
  }
  var barre = document.getElementById("barre-progression");
  var texte = document.getElementById("texte-progression");
  function suivre() {
    fetch(bloc.dataset.url, { credentials: "same-origin" })
      .then(function (reponse) { return reponse.json(); })
      .then(function (etat) {
        if (!etat.en_cours) {
          window.location.reload();
          return;
        }
        if (etat.total) {
          barre.max = etat.total;
          barre.value = etat.fait;
        }
        texte.textContent = etat.statut + " : " + etat.fait + (etat.total ? " / " + etat.total : "");
        window.setTimeout(suivre, 2000);
      })
      .catch(function () { window.setTimeout(suivre, 5000); });
  }
  window.setTimeout(suivre, 2000);
});
