// Draws every chart of the page: each <canvas data-chart-config="ID"> written by core/_chart.html
// names the json_script block holding its Chart.js configuration (built by agilepa.core.charts).
// One static file for every chart, so the Content-Security-Policy refuses inline script.
(function () {
  "use strict";
  document.querySelectorAll("canvas[data-chart-config]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chartConfig);
    if (!source) {
      return;
    }
    new Chart(canvas, JSON.parse(source.textContent));
  });
})();
