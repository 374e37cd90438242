// Moved out of measurement/body.html so the Content-Security-Policy can forbid inline script.
(function () {
  const data = JSON.parse(document.getElementById("co2-data").textContent);
  new Chart(document.getElementById("co2-chart"), {type: "bar", data: {labels: data.labels, datasets: [{label: "kg CO2", data: data.kg_co2, backgroundColor: "#008758"}]}});
})();
