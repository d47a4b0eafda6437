"""Tables, goals and summary.json."""
import json
import math

from .signals import CHANNELS, GOAL_CHANNELS

# Goals from the issue
PAIR_R_MIN = 0.75         # no pair below, per goal channel
CHANNEL_R_MEAN = 0.90     # mean over the pairs that score the channel
ID_MEAN, ID_MAX = 0.35, 0.50
SELF_LM_RATIO = 0.25
JITTER_RATIO = 1.0
FACE_SHARE = 1.0


def isnum(x):
    return isinstance(x, (int, float)) and not (isinstance(x, float) and math.isnan(x))


def fmt(x, spec=".2f", none="-"):
    return format(x, spec) if isnum(x) else none


def table(headers, rows, align=None):
    """Plain text table; align is a string of 'l'/'r' per column (default: first left, others right)."""
    rows = [[str(c) for c in r] for r in rows]
    align = align or "l" + "r" * (len(headers) - 1)
    w = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w[i]) if align[i] == "l" else c.rjust(w[i]) for i, c in enumerate(cells))
    out = [line([str(h) for h in headers]), "  ".join("-" * x for x in w)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def pair_misses(p):
    """[(what, value, normalised miss)] of a rendered pair: how far each figure is past its goal, as a share
    of the goal (positive: missed, negative: met with that margin)."""
    m = []
    c = p["cross"]
    for ch in GOAL_CHANNELS:
        x = c["channels"][ch]
        if x["scored"]:
            r = x["r"] if isnum(x["r"]) else 0.0
            m.append((ch + " r", r, (PAIR_R_MIN - r) / PAIR_R_MIN))
    if isnum(c["face_share"]):
        m.append(("face found", c["face_share"], FACE_SHARE - c["face_share"]))
    if isnum(c["jitter_ratio"]):
        m.append(("jitter", c["jitter_ratio"], (c["jitter_ratio"] - JITTER_RATIO) / JITTER_RATIO))
    i = p["identity"]
    if isnum(i["id_mean"]):
        m.append(("id mean", i["id_mean"], (i["id_mean"] - ID_MEAN) / ID_MEAN))
        m.append(("id max", i["id_max"], (i["id_max"] - ID_MAX) / ID_MAX))
    return m


def worst_miss(p):
    m = pair_misses(p)
    return max(m, key=lambda t: t[2]) if m else ("-", float("nan"), -math.inf)


def pair_table(pairs):
    rows = []
    for p in sorted(pairs, key=lambda p: -worst_miss(p)[2]):
        c, i = p["cross"], p["identity"]
        cells = [p["driver"], p["still"], c["frames"], p.get("reference", "-") if p.get("reference") is not None else "-"]
        for ch in CHANNELS:
            x = c["channels"][ch]
            cells.append(fmt(x["r"]) if x["scored"] else "~")
        what, val, miss = worst_miss(p)
        cells += [fmt(c["face_share"], ".0%"), fmt(c["jitter_ratio"]), fmt(c.get("jitter_floor_ratio", math.nan)),
                  fmt(i["id_mean"]), fmt(i["id_max"]),
                  f"{what} {fmt(val)} ({miss:+.2f})" if isnum(miss) else "-"]
        rows.append(cells)
    heads = ["driver", "still", "frames", "ref"] + list(CHANNELS) + ["face", "jitter", "floor", "id", "id max", "worst (miss)"]
    return table(heads, rows, "llrr" + "r" * len(CHANNELS) + "rrrrrl")


def channel_summary(pairs):
    out, rows = {}, []
    for ch in CHANNELS:
        rs = [(p["cross"]["channels"][ch]["r"], p) for p in pairs if p["cross"]["channels"][ch]["scored"]]
        rs = [(r if isnum(r) else 0.0, p) for r, p in rs]
        if not rs:
            out[ch] = {"pairs": 0}
            rows.append([ch, 0, "-", "-", "-", "-", "not scored"])
            continue
        vals = [r for r, _ in rs]
        mean, (mn, pmin) = sum(vals) / len(vals), min(rs, key=lambda t: t[0])
        meeting = sum(1 for r in vals if r >= PAIR_R_MIN)
        goal = ch in GOAL_CHANNELS
        met = mean >= CHANNEL_R_MEAN and mn >= PAIR_R_MIN
        out[ch] = {"pairs": len(vals), "mean_r": mean, "min_r": mn, "min_pair": f"{pmin['driver']} x {pmin['still']}",
                   "pairs_meeting": meeting, "goal": goal, "met": met if goal else None}
        rows.append([ch, len(vals), f"{mean:.3f}", f"{mn:.2f}", f"{pmin['driver']} x {pmin['still']}",
                     f"{meeting}/{len(vals)}", ("met" if met else "MISSED") if goal else "reported"])
    return table(["channel", "pairs", "mean r", "min r", "worst pair", ">= 0.75", "goal (mean>=0.9, min>=0.75)"],
                 rows, "lrrrlrl"), out


def self_table(selfs):
    rows = []
    for s in selfs:
        if not s.get("ok"):
            rows.append([s["clip"], "-", "failed: " + s.get("error", "")] + [""] * 9)
            continue
        m = s["metrics"]
        rows.append([s["clip"], m["frames"],
                     f"{fmt(m['psnr'])} ({fmt(m['psnr0'])})", fmt(m["psnr_gain"], "+.2f"),
                     f"{fmt(m['ssim'], '.3f')} ({fmt(m['ssim0'], '.3f')})", fmt(m["ssim_gain"], "+.3f"),
                     f"{fmt(m['lm'])} ({fmt(m['lm0'])})", fmt(m["lm_ratio"]),
                     m["mouth_frames"],
                     f"{fmt(m['mouth_ssim'], '.3f')} ({fmt(m['mouth_ssim0'], '.3f')})",
                     f"{fmt(m['mouth_psnr'])} ({fmt(m['mouth_psnr0'])})",
                     ("met" if isnum(m["lm_ratio"]) and m["lm_ratio"] <= SELF_LM_RATIO else "MISSED")])
    return table(["clip", "frames", "PSNR (still)", "gain", "SSIM (still)", "gain", "LM % IOD (still)", "LM/floor",
                  "open", "mouth SSIM (still)", "mouth PSNR (still)", "LM/floor<=0.25"], rows, "lrrrrrrrrrrl")


def self_channel_table(selfs):
    rows = []
    for s in selfs:
        if s.get("ok"):
            rows.append([s["clip"]] + [fmt(s["channels"][c]["r"]) if s["channels"][c]["scored"] else "~" for c in CHANNELS])
    return table(["clip"] + list(CHANNELS), rows)


def identity_table(pairs):
    rows = []
    for p in sorted(pairs, key=lambda p: -(p["identity"]["id_max"] if isnum(p["identity"]["id_max"]) else -1)):
        i = p["identity"]
        met = isnum(i["id_mean"]) and i["id_mean"] <= ID_MEAN and i["id_max"] <= ID_MAX
        rows.append([p["driver"], p["still"], p.get("still_found", "-"), f"{i['id_found']}/{i['id_frames']}",
                     i["id_cnn"], fmt(i["id_mean"], ".3f"), fmt(i["id_max"], ".3f"),
                     i["id_worst_frame"] if i["id_worst_frame"] is not None else "-",
                     ("met" if met else "MISSED") if isnum(i["id_mean"]) else "not measured"])
    return table(["driver", "still", "still face", "frames found", "by CNN", "mean", "max", "worst frame",
                  "goal (mean<=0.35, max<=0.5)"], rows, "lllrrrrrl")


def refusal_table(acc):
    rows = [[a["still"], "refused" if not a["ok"] else "taken",
             "expected" if a["expected_ok"] == a["ok"] else "UNEXPECTED", a["error"] or ""] for a in acc]
    return table(["still", "actone", "", "error line"], rows, "llll")


def goals(pairs, selfs, acc, chsum):
    g = []
    for ch in GOAL_CHANNELS:
        s = chsum.get(ch, {})
        if s.get("pairs"):
            g.append((f"cross {ch}: mean r >= 0.9 and no pair < 0.75", s["met"],
                      f"mean {s['mean_r']:.3f}, min {s['min_r']:.2f} ({s['min_pair']}), {s['pairs_meeting']}/{s['pairs']} pairs >= 0.75"))
    if chsum.get("brows", {}).get("pairs"):
        s = chsum["brows"]
        g.append(("cross brows (reported, no goal)", None, f"mean {s['mean_r']:.3f}, min {s['min_r']:.2f} ({s['min_pair']})"))
    fs = [p for p in pairs if isnum(p["cross"]["face_share"])]
    if fs:
        bad = [p for p in fs if p["cross"]["face_share"] < FACE_SHARE]
        g.append(("face found in every output frame (stills dlib finds)", not bad,
                  f"{len(fs) - len(bad)}/{len(fs)} pairs; lowest {min(p['cross']['face_share'] for p in fs):.1%}"))
    js = [p for p in pairs if isnum(p["cross"]["jitter_ratio"])]
    if js:
        bad = [p for p in js if p["cross"]["jitter_ratio"] > JITTER_RATIO]
        g.append(("jitter on the driver's stillest second <= the driver's", not bad,
                  f"{len(js) - len(bad)}/{len(js)} pairs; highest {max(p['cross']['jitter_ratio'] for p in js):.2f}"))
        fl = [p for p in js if isnum(p["cross"].get("jitter_floor_ratio", math.nan))]
        if fl:
            within = [p for p in fl if p["cross"]["jitter_ratio"] <= max(JITTER_RATIO, p["cross"]["jitter_floor_ratio"])]
            above = [p for p in fl if p["cross"]["jitter_floor_ratio"] > JITTER_RATIO]
            g.append(("jitter within max(driver's, dlib's floor on the picture) (reported)", None,
                      f"{len(within)}/{len(fl)} pairs; the floor alone is above the driver's on {len(above)}"))
    ids = [p for p in pairs if isnum(p["identity"]["id_mean"])]
    if ids:
        bad = [p for p in ids if p["identity"]["id_mean"] > ID_MEAN or p["identity"]["id_max"] > ID_MAX]
        g.append(("identity: mean distance <= 0.35 and max <= 0.5 per pair", not bad,
                  f"{len(ids) - len(bad)}/{len(ids)} pairs; worst mean {max(p['identity']['id_mean'] for p in ids):.3f}, "
                  f"worst max {max(p['identity']['id_max'] for p in ids):.3f}"))
    ss = [s for s in selfs if s.get("ok")]
    if selfs:
        ratios = [s["metrics"]["lm_ratio"] for s in ss]
        ok = len(ss) == len(selfs) and all(isnum(r) and r <= SELF_LM_RATIO for r in ratios)
        g.append(("self: landmark error <= 0.25 of the still frame's on every clip", ok,
                  ", ".join(f"{s['clip']} {fmt(s['metrics']['lm_ratio'])}" for s in ss)))
        above = lambda k: all(isnum(s["metrics"][k]) and s["metrics"][k] > 0 for s in ss) and len(ss) == len(selfs)
        g.append(("self: PSNR and SSIM above the still frame's on every clip", above("psnr_gain") and above("ssim_gain"),
                  ", ".join(f"{s['clip']} {fmt(s['metrics']['psnr_gain'], '+.2f')} dB / {fmt(s['metrics']['ssim_gain'], '+.3f')}" for s in ss)))
        ms = [s for s in ss if s["metrics"]["mouth_frames"]]
        g.append(("self: mouth SSIM above the still's on open-mouth frames", all(s["metrics"]["mouth_ssim_gain"] > 0 for s in ms) if ms else None,
                  ", ".join(f"{s['clip']} {fmt(s['metrics']['mouth_ssim_gain'], '+.3f')} ({s['metrics']['mouth_frames']} fr)" for s in ms) or "no open-mouth frames"))
    if acc:
        bad = [a for a in acc if a["ok"] != a["expected_ok"]]
        g.append(("acceptance: refuses exactly the expected stills", not bad,
                  "refused: " + (", ".join(a["still"] for a in acc if not a["ok"]) or "none")
                  + (("; unexpected: " + ", ".join(a["still"] for a in bad)) if bad else "")))
    return g


def goals_table(g):
    return table(["goal", "", "figures"], [[name, {True: "met", False: "MISSED", None: "-"}[ok], fig] for name, ok, fig in g],
                 "lll")


def clean(x):
    """JSON-safe copy: NaN -> None, private keys (starting with _) dropped, numpy scalars to Python."""
    if isinstance(x, dict):
        return {str(k): clean(v) for k, v in x.items() if not str(k).startswith("_")}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if hasattr(x, "item") and not isinstance(x, (list, dict)):
        try:
            x = x.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def write_summary(path, data):
    with open(path, "w") as f:
        json.dump(clean(data), f, indent=1)
