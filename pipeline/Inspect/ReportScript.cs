namespace DataGen.Pipeline.Inspect;

/// <summary>
/// The report's only script (allowed by its CSP hash). It reads the JSON data block and builds the page with
/// createElement and textContent only, so dataset text is never parsed as HTML.
/// </summary>
internal static class ReportScript
{
    public const string Js = """
        (function () {
          'use strict';
          var data = JSON.parse(document.getElementById('report-data').textContent);
          var SVG = 'http://www.w3.org/2000/svg';
          var s = data.summary;
          function el(tag, cls, text) {
            var e = document.createElement(tag);
            if (cls) e.className = cls;
            if (text !== undefined && text !== null) e.textContent = String(text);
            return e;
          }
          function svg(tag, attrs) {
            var e = document.createElementNS(SVG, tag);
            Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
            return e;
          }
          function fmt(n) { return n === null || n === undefined ? '-' : Number(n).toLocaleString('en-US'); }
          function pct(x) { return (x * 100).toFixed(1) + '%'; }
          function section(id) { return document.getElementById(id); }
          function table(head, rows, numeric) {
            var t = el('table'), tr = el('tr');
            head.forEach(function (h) { tr.appendChild(el('th', null, h)); });
            t.appendChild(tr);
            rows.forEach(function (r) {
              var row = el('tr');
              r.forEach(function (c, i) { row.appendChild(el('td', numeric && numeric[i] ? 'num' : null, c)); });
              t.appendChild(row);
            });
            return t;
          }
          function barChart(container, title, items, toxic) {
            var fig = el('figure', 'chart');
            fig.appendChild(el('figcaption', null, title));
            if (items.length === 0) { fig.appendChild(el('div', 'empty', 'no values')); container.appendChild(fig); return; }
            var rowH = 22, labelW = 170, barW = 300, width = labelW + barW + 90, height = items.length * rowH + 4;
            var root = svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
            var max = Math.max.apply(null, items.map(function (i) { return i.value; }).concat([1e-9]));
            items.forEach(function (item, i) {
              var y = i * rowH + 2;
              var label = svg('text', { x: labelW - 6, y: y + 15, 'text-anchor': 'end' });
              label.textContent = item.label.length > 28 ? item.label.slice(0, 27) + '…' : item.label;
              root.appendChild(label);
              var w = item.value > 0 ? Math.max(2, Math.round(barW * item.value / max)) : 0;
              var rect = svg('rect', { x: labelW, y: y + 3, width: w, height: rowH - 6, 'class': toxic ? 'bar toxic' : 'bar' });
              var tip = svg('title', {});
              tip.textContent = item.label + ': ' + item.text;
              rect.appendChild(tip);
              root.appendChild(rect);
              var value = svg('text', { x: labelW + w + 6, y: y + 15, 'class': 'value' });
              value.textContent = item.text;
              root.appendChild(value);
            });
            fig.appendChild(root);
            container.appendChild(fig);
          }

          document.getElementById('input').textContent = s.input;
          var cards = section('cards');
          function card(k, v) { var c = el('div', 'card'); c.appendChild(el('div', 'v', v)); c.appendChild(el('div', 'k', k)); cards.appendChild(c); }
          card('samples', fmt(s.samples));
          card('samples with violations', s.violation_share === null ? '-' : fmt(s.violating_samples) + ' (' + pct(s.violation_share) + ')');
          card('corrected samples', fmt(s.corrected_samples));
          Object.keys(s.rows_by_output).filter(function (k) { return k !== 'samples'; }).forEach(function (k) { card(k + ' rows', fmt(s.rows_by_output[k])); });
          card('sampling tokens in', fmt(s.tokens.input_tokens));
          card('sampling tokens out', fmt(s.tokens.output_tokens));

          section('files').appendChild(table(['output', 'file', 'rows', 'row groups'],
            s.files.map(function (f) { return [f.output, f.path, fmt(f.rows), fmt(f.row_groups)]; }), [false, false, true, true]));
          var kinds = [];
          Object.keys(s.sft_by_kind).forEach(function (k) { kinds.push(['sft', k, fmt(s.sft_by_kind[k])]); });
          Object.keys(s.dpo_by_kind).forEach(function (k) { kinds.push(['dpo', k, fmt(s.dpo_by_kind[k])]); });
          section('kinds').appendChild(table(['output', 'kind', 'rows'], kinds, [false, false, true]));

          var charts = section('charts');
          barChart(charts, 'share of samples with violations by prompt source',
            s.sources.map(function (x) { return { label: x.source, value: x.share, text: pct(x.share) + ' (' + fmt(x.violating) + '/' + fmt(x.samples) + ')' }; }), true);
          s.distributions.forEach(function (d) {
            var stats = d.count === 0 ? 'no values' : 'n ' + fmt(d.count) + ', median ' + fmt(d.median) + ', p90 ' + fmt(d.p90) + ', max ' + fmt(d.max);
            barChart(charts, d.name + ' (' + d.unit + '): ' + stats,
              d.histogram.map(function (b) { return { label: b.label, value: b.count, text: fmt(b.count) }; }), false);
          });
          var rejects = Object.keys(s.rejects_by_reason);
          if (rejects.length === 0) section('rejects').appendChild(el('div', 'empty', 'no rejects'));
          else section('rejects').appendChild(table(['stage:reason', 'rows'], rejects.map(function (k) { return [k, fmt(s.rejects_by_reason[k])]; }), [false, true]));

          var validation = section('validation');
          if (!data.validation) validation.appendChild(el('div', 'empty', 'not validated (run datagen inspect --validate)'));
          else if (data.validation.ok) validation.appendChild(el('div', 'ok', 'schemas and invariants hold'));
          else {
            validation.appendChild(el('div', 'bad', fmt(data.validation.problem_count) + ' problem(s)'));
            var plist = el('ul', 'problems');
            data.validation.problems.forEach(function (p) { plist.appendChild(el('li', null, p.file + (p.row >= 0 ? ' row ' + p.row : '') + ': ' + p.check + ': ' + p.message)); });
            validation.appendChild(plist);
          }

          var examples = data.examples || [];
          var list = section('example-list'), outputFilter = section('example-output'), search = section('example-search'), shown = section('example-count');
          var outputs = [];
          examples.forEach(function (e) { if (outputs.indexOf(e.output) < 0) outputs.push(e.output); });
          outputs.forEach(function (o) { var opt = el('option', null, o); opt.value = o; outputFilter.appendChild(opt); });
          function segmentClass(role) { return 'seg-' + role; }
          function renderBody(e, body) {
            var fields = Object.keys(e.fields).filter(function (k) { return e.fields[k] !== ''; }).map(function (k) { return k + '=' + e.fields[k]; });
            body.appendChild(el('div', 'fields', fields.join('  ')));
            e.prompt.forEach(function (m) {
              var msg = el('div', 'msg');
              msg.appendChild(el('span', 'role', m.role + ':'));
              msg.appendChild(document.createTextNode(m.content));
              body.appendChild(msg);
            });
            if (e.segments.length > 0) {
              var response = el('div', 'response');
              e.segments.forEach(function (g) {
                if (g.role === 'rewind') { var r = el('span', 'seg-rewind', '⏪'); r.title = 'rewind point'; response.appendChild(r); }
                else response.appendChild(el('span', segmentClass(g.role), g.text));
              });
              body.appendChild(response);
            }
            if (e.chosen !== null || e.rejected !== null) {
              var pair = el('div', 'pair');
              [['chosen', e.chosen], ['rejected', e.rejected]].forEach(function (side) {
                var d = el('div', side[0]);
                d.appendChild(el('h4', null, side[0]));
                d.appendChild(document.createTextNode(side[1] || ''));
                pair.appendChild(d);
              });
              body.appendChild(pair);
            }
          }
          examples.forEach(function (e, i) {
            var d = el('details', 'example');
            d.dataset.output = e.output;
            d.dataset.search = (e.id + ' ' + e.kind + ' ' + (e.fields.source || '')).toLowerCase();
            var summary = el('summary', null, e.output + ' · ' + e.id);
            summary.appendChild(el('span', 'tag ' + e.kind, e.kind));
            d.appendChild(summary);
            var body = el('div', 'body');
            d.appendChild(body);
            d.addEventListener('toggle', function () { if (d.open && !body.firstChild) renderBody(e, body); });
            list.appendChild(d);
          });
          function applyFilter() {
            var o = outputFilter.value, q = search.value.toLowerCase(), n = 0;
            Array.prototype.forEach.call(list.children, function (d) {
              var visible = (o === '' || d.dataset.output === o) && (q === '' || d.dataset.search.indexOf(q) >= 0);
              d.hidden = !visible;
              if (visible) n++;
            });
            shown.textContent = n + ' of ' + examples.length + ' examples';
          }
          outputFilter.addEventListener('change', applyFilter);
          search.addEventListener('input', applyFilter);
          applyFilter();
          document.body.dataset.ready = 'true';
        })();
        """;
}
