"""Running `actone render`, with results cached by (binary, models, driver, still, options)."""
import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

from .analysis import file_hash


def build(root, build_path=None):
    """swift build -c release --product actone at the repository root; returns the binary's path."""
    args = ["swift", "build", "-c", "release", "--product", "actone"]
    if build_path:
        args += ["--scratch-path", str(build_path)]
    print("eval-independent: " + " ".join(args), flush=True)
    env = dict(os.environ)
    if not any(Path(p, "swift").exists() for p in env.get("PATH", "").split(":")) and Path("/opt/swift/usr/bin").exists():
        env["PATH"] = "/opt/swift/usr/bin:" + env.get("PATH", "")
    p = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("eval-independent: build failed\n" + (p.stdout + p.stderr)[-4000:])
    return Path(build_path or Path(root, ".build"), "release", "actone")


def models_hash(models):
    h = hashlib.sha256()
    if models and Path(models).is_dir():
        for f in sorted(Path(models).iterdir()):
            if f.is_file():
                st = f.stat()
                h.update(f"{f.name}:{st.st_size}:{int(st.st_mtime)}\n".encode())
    return h.hexdigest()[:12]


class Renderer:
    def __init__(self, binary, models, cache_dir, nice=10):
        self.binary = Path(binary).resolve()
        if not self.binary.exists():
            raise SystemExit(f"eval-independent: no actone binary at {self.binary}")
        self.models = models
        self.cache = Path(cache_dir)
        self.nice = nice
        self.binary_hash = file_hash(self.binary, 12)
        self.models_hash = models_hash(models)
        self._hashes = {}

    def _hash(self, path):
        path = str(path)
        if path not in self._hashes:
            self._hashes[path] = file_hash(path, 12)
        return self._hashes[path]

    def key(self, driver, still, options):
        s = json.dumps([self.binary_hash, self.models_hash, self._hash(driver), self._hash(still), options])
        return hashlib.sha256(s.encode()).hexdigest()[:16]

    def render(self, driver, still, options=(), tag=""):
        """Render (or take from the cache). Returns a dict: key, ok, output, error (actone's last
        stderr line when it failed), seconds, cached."""
        options = list(options)
        key = self.key(driver, still, options)
        d = self.cache / key
        meta_path = d / "meta.json"
        if meta_path.exists():
            meta = json.loads(meta_path.read_text())
            if not meta["ok"] or Path(meta["output"]).exists():
                meta["cached"] = True
                return meta
        d.mkdir(parents=True, exist_ok=True)
        out = d / "out.mp4"
        args = ["nice", "-n", str(self.nice), str(self.binary), "render", str(driver), str(still), "-o", str(out),
                "--quiet", "--force"] + options
        if self.models:
            args += ["--models", str(self.models)]
        t0 = time.time()
        p = subprocess.run(args, capture_output=True, text=True)
        dt = time.time() - t0
        lines = [ln for ln in (p.stderr + p.stdout).splitlines() if ln.strip()]
        ok = p.returncode == 0 and out.exists()
        errs = [ln for ln in lines if ln.startswith("actone:") and "wrote" not in ln]
        meta = {"key": key, "ok": ok, "rc": p.returncode, "output": str(out), "seconds": round(dt, 2),
                "driver": str(driver), "still": str(still), "options": options, "tag": tag,
                "error": "" if ok else (errs[-1] if errs else (lines[-1] if lines else f"exit {p.returncode}")),
                "log": lines[-5:], "binary": str(self.binary), "binary_hash": self.binary_hash}
        if ok or 0 < p.returncode < 128:     # a crash or a kill is not kept: the next run tries again
            meta_path.write_text(json.dumps(meta, indent=1))
        meta["cached"] = False
        return meta
