// The e-mail link carries the survey code in its fragment (/survey/#t=...), which the browser
// never sends to the server, so no access log records it. This script takes it out of the
// address (and so out of the history), puts it in the form and sends the form: the code
// travels in the body of a POST. A static file, for a strict Content-Security-Policy.
(function () {
  "use strict";
  var match = /(?:^#|&)t=([0-9A-Za-z]+)/.exec(window.location.hash);
  if (!match) {
    return;
  }
  window.history.replaceState(null, "", window.location.pathname);
  var form = document.getElementById("open-survey");
  if (!form) {
    return;
  }
  form.elements.token.value = match[1];
  form.submit();
})();
