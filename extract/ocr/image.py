"""Image steps of one page, all in pixels of the rendered image: render, binarize, skew and rotation,
shaded fills, drawn rules.

* Coordinates: a page read by OCR is reported in its *deskewed* frame: the rendered image rotated
  about its centre by the measured skew, same size, divided by the render scale. Words and rules
  share this frame, so ruled tables come out axis-aligned as in a born-digital PDF; a point of the
  original scan is found with :func:`to_original` (at most a few points away near the corners).
"""
from __future__ import annotations

import math

import numpy as np

from ..pdf import Fill, Rule

def render_gray(pdf_page, dpi: int) -> np.ndarray:
    """Render a pdfium page to an 8-bit grayscale array at ``dpi``."""
    bitmap = pdf_page.render(scale=dpi / 72, grayscale=True)
    try:
        arr = bitmap.to_numpy()
        if arr.ndim == 3:
            arr = arr[..., 0] if arr.shape[2] == 1 else np.asarray(bitmap.to_pil().convert("L"))
        return np.ascontiguousarray(arr)
    finally:
        bitmap.close()


def components(mask: np.ndarray, connectivity: int = 8):
    """cv2.connectedComponentsWithStats with 16-bit labels (3-4x faster on a page), 32-bit if there are more."""
    import cv2

    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=connectivity, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, connectivity=connectivity, ltype=cv2.CV_32S)


def lighten_fills(gray: np.ndarray, bw: np.ndarray, scale: float, *, min_w_pt: float = 40.0,
                  min_h_pt: float = 6.0, solid_pt: float = 3.5) -> np.ndarray | None:
    """Dark filled areas (a header band, a shaded cell) made paper-white with their text dark.

    Tesseract thresholds a page globally, so text on a fill darker than the threshold is lost with
    the fill: white text on a dark band, and dark text on a mid-grey one. Fills are the ink that
    survives an opening with a square wider than any letter stroke (``solid_pt``); inside each,
    the grey values are stretched so the fill becomes white, after inverting when its text is lighter
    than the fill. Returns the new image, or None when the page has no such fill."""
    import cv2

    f = 4  # found at quarter resolution: fills are large
    small = cv2.resize(bw, (max(1, bw.shape[1] // f), max(1, bw.shape[0] // f)), interpolation=cv2.INTER_AREA)
    small = (small > 200).astype(np.uint8)
    k = max(2, int(round(solid_pt * scale / f)))
    solid = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    if not solid.any():
        return None
    n, _, stats, _ = components(solid, connectivity=4)
    out = None
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w * f < min_w_pt * scale or h * f < min_h_pt * scale or area < 0.6 * w * h:
            continue
        # the quarter-resolution box lies up to f pixels inside the fill's edge (more where the scan
        # blurred it): grow it by twice that, so no dark frame of the fill is left to look like a rule
        g = 2 * f + 2
        x0, y0 = max(0, x * f - g), max(0, y * f - g)
        x1, y1 = min(gray.shape[1], (x + w) * f + g), min(gray.shape[0], (y + h) * f + g)
        if out is None:
            out = gray.copy()
        inner = gray[y * f + 2 * f:(y + h) * f - 2 * f, x * f + 2 * f:(x + w) * f - 2 * f]  # clear of the edges
        if inner.size == 0:
            continue
        fill = float(np.median(inner))
        if fill > 200:
            continue
        light = np.count_nonzero(inner > fill + 60) > np.count_nonzero(inner < fill - 60)
        region = gray[y0:y1, x0:x1]
        r = region.astype(np.float32)
        if light:  # light text on the fill
            r = (255.0 - r) * (255.0 / max(1.0, 255.0 - fill))
            # paper in the grown margin would turn dark: it stays paper
            ring = np.ones(region.shape, bool)
            ring[y * f - y0:(y + h) * f - y0, x * f - x0:(x + w) * f - x0] = False
            r[ring & (region > (fill + 255) / 2)] = 255.0
        else:
            r = r * (255.0 / max(1.0, fill))
        out[y0:y1, x0:x1] = np.clip(r, 0, 255).astype(np.uint8)
    return out


def _row_percentile(a: np.ndarray, q: float) -> np.ndarray:
    """``np.nanpercentile(a, q, axis=1)`` of a float array whose every row has a value, with the same values
    (numpy's linear method step by step: the index in float64, the weights applied in the array's dtype),
    without numpy's row-by-row loop for NaNs (80 ms on a 300 dpi page)."""
    s = np.sort(a, axis=1)  # NaNs last
    n = np.count_nonzero(~np.isnan(a), axis=1)
    at = (n - 1) * np.true_divide(q, 100)
    lo = np.floor(at)
    gamma = at - lo
    rows = np.arange(a.shape[0])
    i = lo.astype(np.intp)
    below, above = s[rows, i], s[rows, np.minimum(i + 1, n - 1)]
    diff = above - below
    return np.where(gamma >= 0.5, above - diff * (1 - gamma).astype(a.dtype), below + diff * gamma.astype(a.dtype))


def find_fills(gray: np.ndarray, bw: np.ndarray, scale: float, *, delta: float = 10.0, min_w_pt: float = 100.0,
               min_h_pt: float = 8.0) -> list[Fill]:
    """Light shaded bands (zebra rows, shaded cells) of a page image, as PDF-point rectangles.

    Only paper is looked at: ink and a margin around it are left out, and the mean grey of what is
    left, in 8-pixel blocks, is the background. In each row of blocks the paper level is its 98th
    percentile (at least the page's median background); the longest run at least ``delta`` grey levels darker (and ``min_w_pt`` wide) is
    shaded, and runs of consecutive rows over the same x-range make one fill. Row by row, so an
    uneven lighting across the page is no fill."""
    import cv2

    f = 8
    h, w = gray.shape[0] // f, gray.shape[1] // f
    if h < 2 or w < 2:
        return []
    paper_px = (cv2.dilate(bw, np.ones((5, 5), np.uint8)) == 0).astype(np.float32)
    total = cv2.blur(cv2.resize(gray.astype(np.float32) * paper_px, (w, h), interpolation=cv2.INTER_AREA), (3, 1))
    count = cv2.blur(cv2.resize(paper_px, (w, h), interpolation=cv2.INTER_AREA), (3, 1))
    seen = count > 0.05
    bg = np.where(seen, total / np.maximum(count, 1e-6), 0.0)
    min_w = min_w_pt * scale / f
    enough = seen.sum(axis=1) >= 0.3 * w
    if not enough.any():
        return []
    # the paper level of a row: its brightest blocks, or the page's usual background where a wide
    # shaded table leaves little paper in the row
    papers = np.zeros(h)
    papers[enough] = _row_percentile(np.where(seen, bg, np.nan)[enough], 98)
    papers = np.maximum(papers, float(np.percentile(bg[seen], 60)))
    runs: list[tuple[int, int] | None] = []
    for y in range(h):
        ok = seen[y]
        if not enough[y]:
            runs.append(None)
            continue
        row = bg[y]
        dark = ok & (row < papers[y] - delta) & (row > 150)
        if dark.sum() < min_w / 2:
            runs.append(None)
            continue
        shaded = dark | ~ok  # unseen blocks (text) do not break a run
        edges = np.flatnonzero(np.diff(np.concatenate(([0], shaded.astype(np.int8), [0]))))
        best = None
        for a, b in zip(edges[::2], edges[1::2]):
            if dark[a:b].sum() >= 0.5 * (b - a) and (best is None or b - a > best[1] - best[0]):
                best = (int(a), int(b))
        runs.append(best if best and best[1] - best[0] >= min_w else None)
    out: list[Fill] = []
    y = 0
    while y < h:
        if runs[y] is None:
            y += 1
            continue
        y0, xs0, xs1 = y, [runs[y][0]], [runs[y][1]]
        y += 1
        while y < h and runs[y] is not None:
            a, b = float(np.median(xs0)), float(np.median(xs1))
            if min(runs[y][1], b) - max(runs[y][0], a) <= 0.8 * (b - a):
                break
            xs0.append(runs[y][0])
            xs1.append(runs[y][1])
            y += 1
        if (y - y0) * f >= min_h_pt * scale:
            out.append(Fill(float(np.median(xs0)) * f / scale, y0 * f / scale, float(np.median(xs1)) * f / scale,
                            y * f / scale, (230, 230, 230)))
    return out


def text_axis(bw: np.ndarray, scale: float) -> tuple[float, float]:
    """Ink of text lines running across and along the page image: (horizontal, vertical), in pixels at ~75 dpi.

    Letters a word gap apart are joined along one axis; what comes out as long, line-high runs is text
    written along that axis. Drawn rules are left out first (they are long in one direction whatever
    the text does). On the corpus scans upright pages have 300 to 90 000 times more horizontal than
    vertical such ink; a page turned a quarter, the reverse.
    """
    import cv2

    f = max(1, int(round(scale * 72 / 75)))
    small = cv2.resize(bw, (max(1, bw.shape[1] // f), max(1, bw.shape[0] // f)), interpolation=cv2.INTER_AREA)
    small = (small > 96).astype(np.uint8)
    long = max(20, int(round(small.shape[1] / 20)))
    rules = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1))) | \
        cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long)))
    small &= 1 - rules
    out = []
    for horizontal in (True, False):
        k = (3, 1) if horizontal else (1, 3)
        joined = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, k))
        _, _, stats, _ = components(joined)
        along, across = (stats[1:, 2], stats[1:, 3]) if horizontal else (stats[1:, 3], stats[1:, 2])
        ok = (along >= 4 * across) & (across >= 3) & (across <= 30)
        out.append(float(stats[1:, 4][ok].sum()))
    return out[0], out[1]


def is_sideways(bw: np.ndarray, scale: float, *, ratio: float = 4.0, min_ink: float = 500.0) -> bool:
    """Whether a page image's text runs top to bottom: the page was scanned turned a quarter."""
    h, v = text_axis(bw, scale)
    return v >= min_ink and v > ratio * h


def turn(img: np.ndarray, degrees: int) -> np.ndarray:
    """The image turned clockwise by a multiple of 90 degrees."""
    k = (degrees // 90) % 4
    return np.ascontiguousarray(np.rot90(img, -k)) if k else img


def local_ink(gray: np.ndarray) -> np.ndarray:
    """Ink by local contrast (adaptive mean threshold): thin, light ruling lines that a global threshold
    breaks into pieces after blur and JPEG stay whole. Used to find rules, not to read text."""
    import cv2

    # 24 grey levels darker than the mean around: a hairline is; the edge of a light zebra shading is not
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 21, 24)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (Otsu)."""
    import cv2

    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return bw


def _line_angles(bw: np.ndarray, min_len: int) -> list[tuple[float, float]]:
    """(angle in degrees, length) of long, thin, nearly horizontal ink components."""
    import cv2

    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(15, min_len // 6), 1))
    mask = _along_lines(cv2.erode(bw, kernel), lambda m: cv2.dilate(m, kernel), True)  # an opening
    box = _ink_box(mask)
    if box is None:
        return []
    # labelled within the ink's bounding box: the same components, boxes relative to it
    n, labels, stats, _ = components(np.ascontiguousarray(mask[box[1]:box[3], box[0]:box[2]]), connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if w < min_len or h > max(12, w * 0.08):
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        if len(xs) < 20:
            continue
        # the centre line: mean y per column, fitted by least squares
        cols = np.bincount(xs, minlength=w)
        sums = np.bincount(xs, weights=ys, minlength=w)
        valid = cols > 0
        if valid.sum() >= 10:
            # columns where something touches the line (text, a crossing rule) would bias the fit
            typical = np.median(cols[valid])
            valid &= cols <= typical + 1
        cx = np.nonzero(valid)[0].astype(float)
        cy = sums[valid] / cols[valid]
        if len(cx) < 10:
            continue
        slope = np.polyfit(cx, cy, 1)[0]
        out.append((math.degrees(math.atan(slope)), float(w)))
    return out


def _profile_angle(bw: np.ndarray, limit: float = 3.0, strips: int = 64) -> float:
    """Skew of text lines by projection profiles: the rotation that makes row sums most peaked.

    The image is cut into vertical strips whose row sums are taken once; the profile of the image
    rotated by an angle is the strips' profiles shifted by their distance from the centre times the
    angle's sine (what :func:`rotate` does to their ink), summed. Same angles as rotating the image
    for every candidate, several times faster.
    """
    import cv2

    f = max(1, bw.shape[1] // 900)
    small = cv2.resize(bw, (bw.shape[1] // f, bw.shape[0] // f), interpolation=cv2.INTER_AREA)
    h, w = small.shape
    edges = np.linspace(0, w, min(strips, w) + 1).astype(int)
    profs = np.add.reduceat(small.astype(np.float64), edges[:-1], axis=1).T  # (strips, rows)
    xs = (edges[:-1] + edges[1:]) / 2.0 - w / 2.0
    rows = np.arange(h, dtype=np.float64)

    def score(a: float) -> float:
        s = math.sin(math.radians(a))
        prof = np.zeros(h)
        for p, x in zip(profs, xs):  # rotating by a moves this strip's ink from row y + s*x to row y
            prof += np.interp(rows + s * x, rows, p, left=0.0, right=0.0)
        return float(np.sum(np.diff(prof) ** 2))

    best = max(np.arange(-limit, limit + 1e-9, 0.25), key=score)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=score)
    return float(fine)


def estimate_skew(gray: np.ndarray, *, limit: float = 5.0) -> float:
    """Skew angle in degrees (positive: the content is rotated clockwise, y grows downward).

    From drawn horizontal lines when the page has long ones (length-weighted median of their
    fitted slopes), else from text-line projection profiles. 0.0 when nothing is measurable.
    """
    bw = binarize(gray)
    min_len = max(40, gray.shape[1] // 6)
    angles = [(a, w) for a, w in _line_angles(bw, min_len) if abs(a) <= limit]
    if len(angles) >= 2 or (angles and angles[0][1] > gray.shape[1] * 0.4):
        angles.sort()
        total = sum(w for _, w in angles)
        acc = 0.0
        for a, w in angles:
            acc += w
            if acc >= total / 2:
                return _checked(float(a), angles, bw, min(limit, 3.0))
    if bw.mean() < 0.2:  # almost blank
        return 0.0
    return _profile_angle(bw, min(limit, 3.0))


_LINES_AGREE = 0.3  # degrees: long ink components whose angles spread wider disagree
_NEAR_PROFILE = 0.1  # degrees: a component this close to the text lines' angle is taken for its precision


def _checked(angle: float, angles: list[tuple[float, float]], bw: np.ndarray, limit: float) -> float:
    """The drawn lines' angle, unless their components disagree (spread over ``_LINES_AGREE``: an edge of a
    shaded band or a row of letters fitted as a line, -0.82 beside +1.58 on a page skewed +0.78) and the text
    lines' angle (:func:`_profile_angle`) is another: then the component nearest that angle where one lies
    within ``_NEAR_PROFILE`` of it, else the text lines' angle."""
    if max(a for a, _ in angles) - min(a for a, _ in angles) <= _LINES_AGREE:
        return angle
    prof = _profile_angle(bw, limit)
    if abs(prof - angle) <= _LINES_AGREE:
        return angle
    near = min((a for a, _ in angles), key=lambda a: abs(a - prof))
    return float(near) if abs(near - prof) <= _NEAR_PROFILE else prof


def rotation_matrix(angle: float, width: int, height: int) -> np.ndarray:
    """2x3 affine matrix that removes a skew of ``angle`` degrees, rotating about the image centre."""
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    cx, cy = width / 2.0, height / 2.0
    # rotate by -angle: x' = c*(x-cx) + s*(y-cy) + cx ; y' = -s*(x-cx) + c*(y-cy) + cy
    return np.array([[c, s, cx - c * cx - s * cy], [-s, c, cy + s * cx - c * cy]], dtype=np.float64)


def rotate(img: np.ndarray, angle: float, border: int = 255) -> np.ndarray:
    """Remove a skew of ``angle`` degrees (see :func:`estimate_skew`); same size, ``border`` fill."""
    import cv2

    if abs(angle) < 1e-3:
        return img
    h, w = img.shape[:2]
    return cv2.warpAffine(img, rotation_matrix(angle, w, h), (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def to_deskewed(x: float, y: float, angle: float, width: float, height: float) -> tuple[float, float]:
    """A point of the skewed original → the deskewed frame (any unit, same for all arguments)."""
    m = rotation_matrix(angle, 1, 1)  # only the rotation part is used
    a, b = m[0, 0], m[0, 1]
    cx, cy = width / 2.0, height / 2.0
    dx, dy = x - cx, y - cy
    return (a * dx + b * dy + cx, -b * dx + a * dy + cy)


def to_original(x: float, y: float, angle: float, width: float, height: float) -> tuple[float, float]:
    """A point of the deskewed frame → the skewed original: the inverse of :func:`to_deskewed`."""
    return to_deskewed(x, y, -angle, width, height)


def _ink_box(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1), ends excluded, of the ink of a mask; None if it has none."""
    rows = np.flatnonzero(mask.any(axis=1))
    if not rows.size:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _along_lines(img: np.ndarray, op, horizontal: bool) -> np.ndarray:
    """``op`` (a morphology with a one-row kernel, or one-column if not ``horizontal``) of ``img``, computed on
    its rows (columns) that hold ink only: the others stay blank under any such opening or closing."""
    idx = np.flatnonzero(img.any(axis=1 if horizontal else 0))
    out = np.zeros_like(img)
    if idx.size:
        if horizontal:
            out[idx] = op(np.ascontiguousarray(img[idx]))
        else:
            out[:, idx] = op(np.ascontiguousarray(img[:, idx]))
    return out


def _component_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """(x, y, w, h, area) of the 8-connected ink components of a sparse mask, labelled within its ink's bounding box."""
    box = _ink_box(mask)
    if box is None:
        return []
    x0, y0, x1, y1 = box
    n, _, stats, _ = components(np.ascontiguousarray(mask[y0:y1, x0:x1]), connectivity=8)
    return [(int(x) + x0, int(y) + y0, int(w), int(h), int(a)) for x, y, w, h, a in stats[1:n]]


def find_rules(bw: np.ndarray, scale: float, *, min_len_pt: float = 18.0, max_thick_pt: float = 3.5,
               gap_pt: float = 3.0, blank_min_pt: float = 40.0) -> tuple[list[Rule], np.ndarray]:
    """Drawn horizontal and vertical lines in a binarized, deskewed page image.

    Returns the rules in PDF points (each along its centre line, like :mod:`.pdf` reports them) and
    the ink mask of the lines (to blank them before OCR; horizontal ones only from ``blank_min_pt``
    long: shorter ones may be the joined bars of large letters, "TT"). Short gaps from scanning noise (up to
    ``gap_pt``) are bridged; text strokes are shorter than ``min_len_pt``.
    """
    import cv2

    min_len = max(8, int(round(min_len_pt * scale)))
    max_thick = max(2, int(round(max_thick_pt * scale)))
    gap = max(1, int(round(gap_pt * scale)))
    rules: list[Rule] = []
    full = np.zeros_like(bw)
    blank_min = max(min_len, int(round(blank_min_pt * scale)))
    for horizontal in (True, False):
        # line kernels work on each row (column) alone: after the first erosion only the few rows (columns)
        # that hold ink are computed, with the same result as on the whole page
        ksize = (min_len, 1) if horizontal else (1, min_len)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, ksize)
        mask = _along_lines(cv2.erode(bw, kernel), lambda m, k=kernel: cv2.dilate(m, k), horizontal)  # opening
        if horizontal:  # joined bars of large letters are horizontal; letter stems are shorter than min_len
            long = cv2.getStructuringElement(cv2.MORPH_RECT, (blank_min, 1))
            full |= _along_lines(mask, lambda m: cv2.morphologyEx(m, cv2.MORPH_OPEN, long), horizontal)
        else:
            full |= mask
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1) if horizontal else (1, gap))
        joined = _along_lines(mask, lambda m: cv2.morphologyEx(m, cv2.MORPH_CLOSE, bridge), horizontal)
        for x, y, w, h, area in _component_boxes(joined):
            length, thick = (w, h) if horizontal else (h, w)
            if length < min_len:
                continue
            if thick > max_thick:
                # a filled block or a thick bar: keep only if it is still a line relative to its length
                if area < 0.5 * w * h or thick > 3 * max_thick:
                    continue
            if horizontal:
                yc = (y + h / 2.0) / scale
                rules.append(Rule(x / scale, yc, (x + w) / scale, yc))
            else:
                xc = (x + w / 2.0) / scale
                rules.append(Rule(xc, y / scale, xc, (y + h) / scale))
    rules.sort(key=lambda r: (not r.horizontal, r.top, r.x0))
    return rules, full

