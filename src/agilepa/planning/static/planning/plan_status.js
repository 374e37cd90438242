// The plan's status polls with htmx while the planner runs; once the plan is ready the partial
// carries a [data-reload-page] marker and the page reloads to show the days (no inline script,
// which the Content-Security-Policy forbids).
document.addEventListener("htmx:afterSettle", function () {
  if (document.querySelector("#plan-status [data-reload-page]")) window.location.reload();
});
