// Moved out of core/tokens.html so the Content-Security-Policy can forbid inline script.
(function () {
  var button = document.getElementById("copy-token");
  var input = document.getElementById("new-token");
  var status = document.getElementById("copy-status");
  button.addEventListener("click", function () {
    input.select();
    var failed = function () { status.textContent = button.dataset.failed; };
    if (!navigator.clipboard) { failed(); return; }
    navigator.clipboard.writeText(input.value).then(function () {
      status.textContent = button.dataset.copied;
    }, failed);
  });
})();
