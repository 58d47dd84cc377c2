// Complaint analysis: a Pareto chart (bars: counts, line: cumulative %) for each
// [data-pareto] box, drawn with the locally served ECharts. The data is JSON in the attribute.
(function () {
  // On the axis only the last part of a "category / cause" name, cut to eight characters;
  // the tooltip and the table below show it whole.
  function shortName(name) {
    var last = String(name).split(" / ").pop();
    return last.length > 8 ? last.slice(0, 7) + "…" : last;
  }

  function draw(box) {
    var data;
    try { data = JSON.parse(box.dataset.pareto || "{}"); } catch (e) { return; }
    if (!window.echarts || !data.names || !data.names.length) { return; }
    var chart = window.echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [data.countLabel, data.cumulativeLabel], top: 0 },
      grid: { left: 40, right: 48, top: 32, bottom: 90 },
      xAxis: {
        type: "category",
        data: data.names,
        axisLabel: { interval: 0, rotate: data.names.length > 5 ? 40 : 0, formatter: shortName }
      },
      yAxis: [
        { type: "value", minInterval: 1 },
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
      ],
      series: [
        { name: data.countLabel, type: "bar", data: data.counts, itemStyle: { color: "#0d6efd" } },
        {
          name: data.cumulativeLabel,
          type: "line",
          yAxisIndex: 1,
          data: data.cumulative,
          itemStyle: { color: "#dc3545" },
          markLine: {
            silent: true,
            symbol: "none",
            label: { show: false },
            data: [{ yAxis: 80 }],
            lineStyle: { type: "dashed" }
          }
        }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-pareto]").forEach(draw);
  });
})();
