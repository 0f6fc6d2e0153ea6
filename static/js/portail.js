// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen readers announce it first.
  var resume = document.getElementById("resume-erreurs");
  if (resume) {
    resume.focus();
  }
});
