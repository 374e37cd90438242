// The settings form goes to the chosen unit's page (it was an inline onsubmit handler, which
// the Content-Security-Policy forbids).
document.getElementById("settings-form").addEventListener("submit", function () {
  this.action = "units/" + this.querySelector("select").value + "/";
});
