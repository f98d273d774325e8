"""Byte-deterministic .npz files: sorted members, fixed timestamps, no pickle either way."""
import io
import os
import zipfile

import numpy as np


def save(path, arrays):
    """Write {name: ndarray} to path atomically; the same arrays always give the same bytes."""
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(arrays):
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.asarray(arrays[name]), allow_pickle=False)
                info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, buf.getvalue())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def load(path):
    """{name: ndarray} from path, refusing pickled (object) arrays."""
    with np.load(path, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}
