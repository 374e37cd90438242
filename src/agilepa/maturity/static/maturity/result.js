// Moved out of maturity/result.html so the Content-Security-Policy can forbid inline script.
(function () {
  const data = JSON.parse(document.getElementById("radar-data").textContent);
  const datasets = [{label: data.body_label, data: data.body, borderColor: "#0066cc", backgroundColor: "rgba(0,102,204,0.2)"}];
  if (data.median) datasets.push({label: data.median_label, data: data.median, borderColor: "#a66300", backgroundColor: "rgba(166,99,0,0.1)", borderDash: [6, 4]});
  new Chart(document.getElementById("radar-chart"), {type: "radar", data: {labels: data.labels, datasets: datasets}, options: {scales: {r: {min: 0, max: 100}}}});
})();
