// Moved out of surveys/results.html so the Content-Security-Policy can forbid inline script.
(function () {
  const script = document.currentScript;
  const charts = JSON.parse(document.getElementById("survey-charts").textContent);
  for (const [key, data] of Object.entries(charts)) {
    const canvas = document.getElementById("chart-" + key);
    if (!canvas) continue;
    new Chart(canvas, {type: "bar", data: {labels: data.labels, datasets: [{label: script.dataset.answersLabel, data: data.counts, backgroundColor: "#0066cc"}]}, options: {indexAxis: "y", plugins: {legend: {display: false}}}});
  }
})();
