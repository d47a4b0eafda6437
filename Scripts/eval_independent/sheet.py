"""Contact sheets: a pair's worst moments as rows of driver | still | output, with frame numbers."""
import cv2
import numpy as np

from .video import read_frames

VERSION = 5            # bump when the drawing changes (cached sheets are redrawn)
ROW_H = 240
GREEN, RED, WHITE = (60, 220, 60), (235, 60, 60), (255, 255, 255)


def _face_crop(img, lm, pad=0.4, dots=True):
    """A square around the face (its landmarks' box grown by `pad` of its size on each side; the whole
    image when lm is None), resized to ROW_H, with the landmarks moved into it."""
    h, w = img.shape[:2]
    if lm is None:
        x0, y0, side = 0, 0, None
        crop = img
    else:
        (ax, ay), (bx, by) = lm.min(0), lm.max(0)
        side = int(max(bx - ax, by - ay) * (1 + 2 * pad))
        cx, cy = (ax + bx) / 2, (ay + by) / 2
        x0, y0 = int(cx - side / 2), int(cy - side / 2)
        X0, Y0, X1, Y1 = max(0, x0), max(0, y0), min(w, x0 + side), min(h, y0 + side)
        crop = np.zeros((side, side, 3), np.uint8)
        crop[Y0 - y0:Y1 - y0, X0 - x0:X1 - x0] = img[Y0:Y1, X0:X1]
    s = ROW_H / crop.shape[0]
    small = cv2.resize(crop, (max(1, round(crop.shape[1] * s)), ROW_H),
                       interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    if lm is not None and dots:
        small = _dots(small, (lm - [x0, y0]), s, GREEN)
    return small


def _dots(img, lm, s, colour):
    img = img.copy()
    for x, y in lm * s:
        cv2.circle(img, (int(round(x)), int(round(y))), 1, colour, -1, cv2.LINE_AA)
    return img


def _label(img, text, colour=WHITE):
    cv2.rectangle(img, (0, 0), (img.shape[1], 18), (0, 0, 0), -1)
    cv2.putText(img, text, (4, 13), cv2.FONT_HERSHEY_SIMPLEX, 0.42, colour, 1, cv2.LINE_AA)
    return img


def grab(path, frames, limit=None):
    """{frame: RGB} of the given frame numbers of a video."""
    want, got = set(frames), {}
    if not want:
        return got
    for i, img in enumerate(read_frames(path, limit=limit or max(want) + 1)):
        if i in want:
            got[i] = img.copy()
        if len(got) == len(want):
            break
    return got


def contact_sheet(path_png, title, driver_path, still_rgb, still_lm, output_path, moments, drv_an, out_an,
                  notes=None, labels=("driver", "still", "output"), output_index=None):
    """moments: [(frame, channel, deviation)]; notes: {frame: text} for each row's caption; labels: the
    three panels' names; out_an is matched to the driver's frames, output_index says which output frame
    shows driver frame f (None: frame f)."""
    frames = [m[0] for m in moments]
    d_imgs = grab(driver_path, frames)
    if output_index is None:
        o_imgs = grab(output_path, frames)
    else:
        at = {f: int(output_index[f]) for f in frames if f < len(output_index)}
        got = grab(output_path, set(at.values()))
        o_imgs = {f: got[j] for f, j in at.items() if j in got}
    still_small = _label(_face_crop(still_rgb, still_lm), labels[1])
    rows = []
    for f, ch, dev in moments:
        if f not in d_imgs or f not in o_imgs:
            continue
        found = f < len(out_an) and out_an.found[f]
        # an output frame without a face: crop where the still's face is, scaled to the output's size
        o_lm = out_an.lm_video_px(f) if found else None
        if o_lm is None and still_lm is not None:
            sx = o_imgs[f].shape[1] / still_rgb.shape[1]
            o_lm_box = still_lm * sx
        else:
            o_lm_box = o_lm
        d = _face_crop(d_imgs[f], drv_an.lm_video_px(f))
        o = _face_crop(o_imgs[f], o_lm_box, dots=o_lm is not None)
        secs = f / drv_an.fps if drv_an.fps else 0
        _label(d, f"{labels[0]} frame {f} ({secs:.2f} s)")
        _label(o, f"{labels[2]} frame {f}" + ("" if found else " (no dlib face)"), WHITE if found else RED)
        width = d.shape[1] + still_small.shape[1] + o.shape[1] + 8
        caption = np.zeros((20, width, 3), np.uint8)
        text = (notes or {}).get(f) or f"{ch} off by {dev:.1f} driver sd"
        cv2.putText(caption, text, (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.42, (255, 220, 120), 1, cv2.LINE_AA)
        gap = np.zeros((ROW_H, 4, 3), np.uint8)
        rows.append(np.vstack([caption, np.hstack([d, gap, still_small, gap, o])]))
    if not rows:
        return None
    width = max(r.shape[1] for r in rows)
    rows = [np.pad(r, ((0, 4), (0, width - r.shape[1]), (0, 0))) for r in rows]
    lines = [title] if len(title) * 9 < width else title.split(": ", 1)
    head = np.zeros((8 + 18 * len(lines), width, 3), np.uint8)
    for k, line in enumerate(lines):
        cv2.putText(head, line, (4, 18 + 18 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.5, WHITE, 1, cv2.LINE_AA)
    sheet = np.vstack([head] + rows)
    cv2.imwrite(str(path_png), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    return path_png
