// Progressive enhancement of the Identité tab: hide the pupil's own address while
// "Utiliser les coordonnées du responsable légal" is ticked. Works without it too.
document.addEventListener("DOMContentLoaded", function () {
  var caseCoordonnees = document.getElementById("id_utiliser_coordonnees_responsable");
  var adresse = document.querySelector(".adresse-propre");
  if (!caseCoordonnees || !adresse || adresse.querySelector(".champ-en-erreur, .marqueur-attente")) {
    return;
  }
  function actualiser() {
    adresse.hidden = caseCoordonnees.checked;
  }
  caseCoordonnees.addEventListener("change", actualiser);
  actualiser();
});
