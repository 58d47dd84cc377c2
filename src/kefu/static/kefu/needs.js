// Needs analysis: a stacked bar chart of the needs per category, one series per customer grade,
// for each [data-needs-chart] box, drawn with the locally served ECharts (JSON in the attribute).
(function () {
  function shortName(name) {
    var last = String(name).split(" / ").pop();
    return last.length > 8 ? last.slice(0, 7) + "…" : last;
  }

  function draw(box) {
    var data;
    try { data = JSON.parse(box.dataset.needsChart || "{}"); } catch (e) { return; }
    if (!window.echarts || !data.names || !data.names.length) { return; }
    var chart = window.echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 90 },
      xAxis: {
        type: "category",
        data: data.names,
        axisLabel: { interval: 0, rotate: data.names.length > 5 ? 40 : 0, formatter: shortName }
      },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "grades", barMaxWidth: 48, data: s.data };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-needs-chart]").forEach(draw);
  });
})();
