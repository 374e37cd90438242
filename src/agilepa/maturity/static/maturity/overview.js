// Moved out of maturity/overview.html so the Content-Security-Policy can forbid inline script.
(function () {
  const data = JSON.parse(document.getElementById("trend-data").textContent);
  const colours = ["#0066cc", "#008758", "#a66300", "#5c2d91", "#d9364f", "#17324d"];
  new Chart(document.getElementById("trend-chart"), {type: "line", data: {labels: data.labels, datasets: data.datasets.map((d, i) => ({label: d.label, data: d.data, borderColor: colours[i], backgroundColor: colours[i]}))}, options: {scales: {y: {min: 0, max: 100}}}});
})();
