// Draws the dashboard's charts from the JSON the page carries; a click on a bar or point opens the
// records behind that number (the same links as the tables under the charts).
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function draw(id, d, type) {
    var el = document.getElementById(id);
    if (!el || !d) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    var horizontal = type === "bar";
    var valueAxis = { type: "value", axisLabel: { formatter: d.percent ? "{value}%" : "{value}" } };
    var categoryAxis = { type: "category", data: d.labels, inverse: horizontal, axisLabel: { interval: 0 } };
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + (d.percent ? "%" : ""); } },
      grid: { left: horizontal ? 160 : 48, right: 24, top: 24, bottom: 32 },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [{ name: d.name, type: type, data: d.values, connectNulls: false, label: { show: horizontal, position: "right" } }]
    });
    chart.on("click", function (params) {
      var url = d.urls[params.dataIndex];
      if (url) window.location.href = url;
    });
    el.dataset.ready = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var compare = data("compare-data");
  if (compare) {
    var el = document.getElementById("compare-chart");
    if (el) el.style.height = Math.max(240, 28 * compare.labels.length + 60) + "px";
  }
  draw("trend-chart", data("trend-data"), "line");
  draw("compare-chart", compare, "bar");
})();
