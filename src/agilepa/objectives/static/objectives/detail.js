// Moved out of objectives/detail.html so the Content-Security-Policy can forbid inline script.
(function () {
  const script = document.currentScript;
  const data = JSON.parse(document.getElementById("progress-data").textContent);
  new Chart(document.getElementById("progress-chart"), {
    type: "line",
    data: {labels: data.labels, datasets: [{label: script.dataset.progressLabel, data: data.progress, borderColor: "#0066cc", tension: 0.2}]},
    options: {scales: {y: {min: 0, max: 100}}}
  });
})();
