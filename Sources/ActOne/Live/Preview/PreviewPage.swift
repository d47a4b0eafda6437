/// The page `--preview` serves at `/`: the live picture (the MJPEG stream in an `<img>`, which
/// every browser plays without script) and the live figures, which a few lines of script fetch
/// from `/stats` twice a second. One self-contained page: no file, font or library to fetch.
enum PreviewPage {
    /// The blendshapes shown as bars, the ones a performer checks first: jaw, blinks, smiles, brows.
    static let shownBlendshapes = ["jawOpen", "eyeBlinkLeft", "eyeBlinkRight", "mouthSmileLeft", "mouthSmileRight", "browInnerUp"]

    static var html: [UInt8] {
        let bars = shownBlendshapes.map { name in
            "<div class=\"bar\"><span>\(name)</span><div class=\"track\"><div class=\"fill\" data-shape=\"\(name)\"></div></div>"
                + "<span class=\"value\" data-value=\"\(name)\">–</span></div>"
        }.joined(separator: "\n")
        return Array(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>actone live</title>
            <style>
            body { margin: 0; background: #16181c; color: #e8e8e8; font: 15px system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: 16px; padding: 16px; }
            #picture { max-width: 100%; max-height: 80vh; align-self: flex-start; background: #000; }
            #figures { flex: 1 1 260px; max-width: 460px; }
            table { border-collapse: collapse; margin-bottom: 12px; }
            td { padding: 2px 10px 2px 0; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .bar { display: grid; grid-template-columns: 130px 1fr 44px; align-items: center; gap: 6px; margin: 4px 0; }
            .track { height: 12px; background: #2c3038; }
            .fill { height: 100%; width: 0; background: #5fb3f9; }
            .value { text-align: right; font-variant-numeric: tabular-nums; }
            #state { color: #f2c94c; }
            #keys { color: #9aa0a8; font-size: 13px; }
            </style>
            </head>
            <body>
            <img id="picture" src="/stream" alt="the live picture">
            <div id="figures">
            <table>
            <tr><td>frames/s</td><td class="n" id="fps">–</td></tr>
            <tr><td>latency median</td><td class="n" id="median">–</td></tr>
            <tr><td>latency p95</td><td class="n" id="p95">–</td></tr>
            <tr><td>frames</td><td class="n" id="frames">–</td></tr>
            <tr><td>dropped</td><td class="n" id="dropped">–</td></tr>
            </table>
            <div id="state">waiting for the session</div>
            \(bars)
            <p id="keys">In actone's terminal: <b>n</b> measures a new neutral (look at the camera calmly), <b>q</b> stops.</p>
            </div>
            <script>
            let updates = 0;
            async function refresh() {
              try {
                const s = await (await fetch('/stats', { cache: 'no-store' })).json();
                document.getElementById('fps').textContent = s.fps.toFixed(1);
                document.getElementById('median').textContent = s.latencyMedianMs.toFixed(1) + ' ms';
                document.getElementById('p95').textContent = s.latencyP95Ms.toFixed(1) + ' ms';
                document.getElementById('frames').textContent = s.frames;
                document.getElementById('dropped').textContent = s.dropped;
                document.getElementById('state').textContent =
                  s.calibrating ? 'measuring the rest face: look at the camera calmly' : (s.face ? 'face found' : 'no face');
                for (const fill of document.querySelectorAll('[data-shape]')) {
                  const v = s.blendshapes[fill.dataset.shape] ?? 0;
                  fill.style.width = (100 * v).toFixed(0) + '%';
                  document.querySelector('[data-value="' + fill.dataset.shape + '"]').textContent = v.toFixed(2);
                }
                document.body.dataset.updates = ++updates;
              } catch (e) {
                document.getElementById('state').textContent = 'the session has ended';
              }
            }
            refresh();
            setInterval(refresh, 500);
            </script>
            </body>
            </html>

            """.utf8)
    }
}
