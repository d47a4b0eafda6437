"""Expression and head-pose signals from dlib's 68 landmarks, one value per channel per frame.

All lengths are divided by the inter-ocular distance (IOD; here between the midpoints of each eye's two
corners, which a blink does not move), so the signals do not depend on the face's size in the frame. Left and right are the person's own (dlib points 42-47 are the
person's left eye, on the image's right). Pose is measured in 2D (no 3D model fit that can flip on a
painting) and from points the mouth and the lids do not move (eye corners, nose tip): only its changes
over time matter, since the figures are correlations.
"""
import numpy as np

VERSION = 2           # bump when a signal's definition changes (contact sheets are redrawn)

CHANNELS = ("jaw", "blinkL", "blinkR", "smile", "brows", "yaw", "pitch", "roll")

DESCRIPTION = {
    "jaw": "mouth opening: inner-lip gap (points 61-63 to 67-65) / IOD",
    "blinkL": "left eye closing: minus the eye aspect ratio of points 42-47",
    "blinkR": "right eye closing: minus the eye aspect ratio of points 36-41",
    "smile": "mouth width (corners 48-54) / IOD plus the corners' lift towards the upper lip (51, 62) / IOD",
    "brows": "brow raise: brow points 17-26 above the eye-corner midpoints, perpendicular to the eye line / IOD",
    "yaw": "nose tip (30) off the eye-corner midpoint along the eye line / IOD",
    "pitch": "nose tip (30) below the eye line / IOD (the protruding tip drops when the head nods down)",
    "roll": "eye-line angle (from the eye corners), degrees",
}

# A driver channel whose standard deviation over the clip is below this does not really move: its
# correlation would measure tracker noise, so the pair is not scored on it (shown as "~").
MOVES = {"jaw": 0.04, "blinkL": 0.025, "blinkR": 0.025, "smile": 0.03, "brows": 0.025,
         "yaw": 0.03, "pitch": 0.025, "roll": 1.5}

# The channels the issue sets goals on (brows is reported but has no goal).
GOAL_CHANNELS = ("jaw", "blinkL", "blinkR", "smile", "yaw", "pitch", "roll")


def _ear(e):
    """Eye aspect ratio of six eye points: lid gap over eye width (about 0.3 open, under 0.15 closed)."""
    return (np.linalg.norm(e[1] - e[5]) + np.linalg.norm(e[2] - e[4])) / (2 * np.linalg.norm(e[0] - e[3]))


def frame_signals(lm):
    """Dict channel -> value for one frame's 68 x 2 landmarks."""
    # the eye line and the IOD from the eye corners (36, 39 | 42, 45): a blink does not move them
    eye_r, eye_l = (lm[36] + lm[39]) / 2, (lm[42] + lm[45]) / 2
    d = eye_l - eye_r
    iod = float(np.linalg.norm(d))
    u = d / iod                          # along the eye line (image x when level)
    v = np.array([-u[1], u[0]])          # perpendicular, pointing down the face
    mid = (eye_r + eye_l) / 2
    corners = (lm[48] + lm[54]) / 2
    upper_lip = (lm[51] + lm[62]) / 2    # moves little when the jaw opens
    inner_gap = np.mean([np.linalg.norm(lm[61] - lm[67]), np.linalg.norm(lm[62] - lm[66]),
                         np.linalg.norm(lm[63] - lm[65])])
    brow_r = float((eye_r - lm[17:22].mean(0)) @ v)
    brow_l = float((eye_l - lm[22:27].mean(0)) @ v)
    nose = lm[30] - mid
    return {
        "jaw": inner_gap / iod,
        "blinkL": -_ear(lm[42:48]),
        "blinkR": -_ear(lm[36:42]),
        "smile": float(np.linalg.norm(lm[54] - lm[48])) / iod + float((upper_lip - corners) @ v) / iod,
        "brows": (brow_r + brow_l) / 2 / iod,
        "yaw": float(nose @ u) / iod,
        "pitch": float(nose @ v) / iod,
        "roll": float(np.degrees(np.arctan2(d[1], d[0]))),
    }


def signal_matrix(landmarks):
    """N x len(CHANNELS) array of signals (NaN rows where landmarks is None) from a list of landmarks."""
    out = np.full((len(landmarks), len(CHANNELS)), np.nan)
    for i, lm in enumerate(landmarks):
        if lm is not None:
            s = frame_signals(lm)
            out[i] = [s[c] for c in CHANNELS]
    return out
