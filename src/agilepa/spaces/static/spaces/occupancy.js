// Moved out of spaces/occupancy.html so the Content-Security-Policy can forbid inline script.
(function () {
  const script = document.currentScript;
  const data = JSON.parse(document.getElementById("occupancy-data").textContent);
  new Chart(document.getElementById("occupancy-chart"), {
    type: "line",
    data: {labels: data.labels, datasets: [
      {label: script.dataset.utilisationLabel, data: data.utilisation, borderColor: "#0066cc", tension: 0.2},
      {label: script.dataset.noShowLabel, data: data.no_shows, borderColor: "#cc334d", tension: 0.2}
    ]},
    options: {scales: {y: {min: 0, max: 100}}}
  });
})();
