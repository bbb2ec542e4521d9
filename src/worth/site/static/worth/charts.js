/* Draw every Vega-Lite chart of the page: an element with data-chart names the json_script holding its spec. */
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      // ast: Vega's expression interpreter instead of eval (the Content-Security-Policy forbids eval);
      // defaultStyle and the tooltip's style are in worth.css (no injected <style> elements).
      var options = { actions: false, renderer: "svg", ast: true, defaultStyle: false,
                      tooltip: { disableDefaultStyle: true } };
      window.vegaEmbed(el, spec, options).catch(function (err) {
        el.textContent = "The chart could not be drawn: " + err;
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
