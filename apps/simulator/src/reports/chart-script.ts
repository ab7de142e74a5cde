/**
 * Browser code shared by the HTML reports. `utcMinute(seconds)` is `2026-11-23 08:10`: every time
 * on a page is UTC, the browser's own zone plays no part. `placeBadges(u, times, classOf, titleOf)` puts a
 * numbered badge (1, 2, …) at each time along the top of a uPlot chart's plot area, in a layer of
 * its own; a badge that would touch the one before it in its row goes a row lower, so no two
 * overlap. The page's legend says what each number is. Plain ES2019, no template literals.
 */
export const CHART_SCRIPT = `
function utcMinute(seconds) {
  var d = new Date(seconds * 1000);
  var pad = function (n) { return String(n).padStart(2, '0'); };
  return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
}
function placeBadges(u, times, classOf, titleOf) {
  var layer = u.over.querySelector('.markers');
  if (layer === null) {
    layer = document.createElement('div');
    layer.className = 'markers';
    u.over.appendChild(layer);
  }
  layer.textContent = '';
  var rowEnds = [];
  times.forEach(function (at, index) {
    var x = u.valToPos(at, 'x');
    var label = String(index + 1);
    var half = (label.length * 7 + 8) / 2 + 2;
    var row = rowEnds.findIndex(function (end) { return x - half >= end; });
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = x + half;
    var badge = document.createElement('span');
    badge.className = 'badge ' + classOf(index);
    badge.textContent = label;
    badge.style.left = x + 'px';
    badge.style.top = (2 + row * 20) + 'px';
    var title = titleOf(index);
    if (title) badge.title = title;
    layer.appendChild(badge);
  });
}
`;
