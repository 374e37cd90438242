// Moved out of indicators/dashboard.html so the Content-Security-Policy can forbid inline script.
(function () {
  const data = JSON.parse(document.getElementById("trend-data").textContent);
  const colours = ["#0066cc", "#008758"];
  new Chart(document.getElementById("trend-chart"), {type: "line", data: {labels: data.labels,
    datasets: data.series.map((s, i) => ({label: s.label, data: s.data, borderColor: colours[i], backgroundColor: colours[i]}))},
    options: {scales: {y: {beginAtZero: true, title: {display: true, text: "%"}}}}});
})();
