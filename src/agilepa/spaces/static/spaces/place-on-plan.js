// A seat or a room is placed on a floor plan by clicking (or tapping) the plan drawn under its
// place's fields (spaces/_placement_fields.html): the click fills the two percentage fields,
// which stay the way to give the place, and the keyboard's; without this script they work
// alone. The plan's address and proportions come from the select's options (data-plan-src,
// data-plan-ratio-height). A file, not an inline script: the Content-Security-Policy forbids
// those.
(function () {
  "use strict";

  // Percent of the plan, within it, to the tenth: finer than a hand on a plan can point.
  function percent(value) {
    return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
  }

  function setUp(figure) {
    var select = document.getElementById(figure.dataset.planSelect);
    var fieldX = document.getElementById(figure.dataset.planX);
    var fieldY = document.getElementById(figure.dataset.planY);
    var svg = figure.querySelector("svg");
    var image = svg && svg.querySelector("image");
    var marker = svg && svg.querySelector("[data-place-on-plan-marker]");
    if (!select || !fieldX || !fieldY || !image || !marker) return;

    function chosen() {
      var option = select.options[select.selectedIndex];
      if (!option || !option.dataset.planSrc) return null;
      return { src: option.dataset.planSrc, height: parseFloat(option.dataset.planRatioHeight) };
    }

    function drawMarker() {
      var plan = chosen();
      // A number field's value is always written with a dot, whatever the page's language.
      var x = parseFloat(fieldX.value);
      var y = parseFloat(fieldY.value);
      if (!plan || !(x >= 0 && x <= 100 && y >= 0 && y <= 100)) {
        marker.setAttribute("display", "none");
        return;
      }
      marker.setAttribute("cx", x.toFixed(2));
      marker.setAttribute("cy", ((y * plan.height) / 100).toFixed(2));
      marker.removeAttribute("display");
    }

    function drawPlan() {
      var plan = chosen();
      figure.hidden = !plan;
      if (!plan) return;
      var height = plan.height.toFixed(3);
      svg.setAttribute("viewBox", "0 0 100 " + height);
      image.setAttribute("height", height);
      image.setAttribute("href", plan.src);
      drawMarker();
    }

    function fill(field, value) {
      field.value = String(value);
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }

    svg.addEventListener("click", function (event) {
      var plan = chosen();
      var screen = svg.getScreenCTM();
      if (!plan || !screen) return;
      // From the screen to the plan's own box (0-100 across, 0-ratio height down), past the
      // border and whatever size the plan is drawn at.
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var onPlan = point.matrixTransform(screen.inverse());
      fill(fieldX, percent(onPlan.x));
      fill(fieldY, percent((onPlan.y * 100) / plan.height));
      drawMarker();
    });
    select.addEventListener("change", drawPlan);
    fieldX.addEventListener("input", drawMarker);
    fieldY.addEventListener("input", drawMarker);
    figure.querySelectorAll("[data-place-on-plan-hint]").forEach(function (hint) {
      hint.hidden = false;
    });
    drawPlan();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-place-on-plan]").forEach(setUp);
  });
})();
