"""Fold many sequences: from the caches where they are, in parallel chunks where they are not.

Folding is the slow step of a structure pipeline (about 26 sequences of 200 nt per second and
core), so no sequence is folded twice (``_fold_cache.py``) and the rest is spread over worker
processes in a few large chunks: each task carries many sequences, so the pickling and the
round trips cost little next to the folding, and the workers import only numpy and ViennaRNA.
While the workers start (a second or more from a cold start) and run, this process folds too,
from the other end of the same queue of chunks, so starting them costs little time.
"""

import queue
import sys
import threading
import time
import warnings
from collections import deque

import numpy as np

from skseq.utils._progress import progress_bar

from . import _folding
from ._fold_cache import MEMORY_CACHE, DiskCache
from ._folding import PROBABILITY_CONTEXTS, dot_bracket_to_contexts

# Below this many nucleotides to fold (about 4 s of work on one core) starting worker
# processes costs more than it saves, so folding stays in this process.
MIN_PARALLEL_NUCLEOTIDES = 20_000
# Chunks per worker: enough that a worker that started late or a slow chunk is balanced out,
# few enough that each task is large.
CHUNKS_PER_WORKER = 8


def fold_sequences(
    sequences,
    *,
    mode,
    temperature,
    window,
    span,
    n_jobs=None,
    cache_dir=None,
    verbose=0,
    caller="StructureTransformer",
):
    """Context strings (``mode="mfe"``) or probability arrays of ``sequences``, in order.

    Parameters
    ----------
    sequences : list of str
        Clean RNA (upper case, ``ACGUN``).
    mode, temperature, window, span
        Folding settings (see :class:`StructureTransformer`).
    n_jobs : int or None
        Worker processes (joblib's convention).
    cache_dir : path or None
        Folder of the on-disk cache.
    verbose : int
        1: a progress bar over the sequences to fold (on a terminal, see
        :func:`skseq.utils.progress`); 2 or more: also a line on stderr every 10 s.
    caller : str
        Name put in front of warnings.

    Returns
    -------
    list of str or ndarray
    """
    key = _folding.fold_parameters_key(mode, temperature, window, span)
    results, missing = {}, []
    for seq in dict.fromkeys(sequences):
        value = MEMORY_CACHE.get((key, seq))
        if value is None:
            missing.append(seq)
        else:
            results[seq] = value
    disk = None
    if cache_dir is not None:
        disk = DiskCache(cache_dir, n_columns=len(PROBABILITY_CONTEXTS), caller=caller)
        if missing:
            found, bad = disk.get_many(key, missing)
            if bad:
                _warn_bad_rows(bad, sequences, disk.path, caller)
            for seq, value in found.items():
                MEMORY_CACHE.put((key, seq), value)
            results.update(found)
            missing = [s for s in missing if s not in found]
    if missing:
        for chunk, folded in _fold_missing(
            missing, mode, temperature, window, span, n_jobs, verbose, caller
        ):
            for seq, value in zip(chunk, folded):
                MEMORY_CACHE.put((key, seq), value)
                results[seq] = value
            if disk is not None:
                disk.put_many(key, zip(chunk, folded))
    if mode == "mfe":  # once per distinct sequence
        results = {s: dot_bracket_to_contexts(v) for s, v in results.items()}
    return [results[s] for s in sequences]


def _warn_bad_rows(bad, sequences, path, caller):
    index = {}
    for i, seq in enumerate(sequences):
        index.setdefault(seq, i)
    first = min(bad, key=index.__getitem__)
    warnings.warn(
        f"{caller}: {len(bad)} row(s) of the fold cache {path} are damaged and are folded "
        f"again and replaced; the first, for sequence {index[first]}, {bad[first]}.",
        UserWarning,
        stacklevel=4,
    )


def _chunks(sequences, n_workers):
    """Chunks of about equal work (nucleotides), ``CHUNKS_PER_WORKER`` per worker."""
    n_chunks = min(len(sequences), n_workers * CHUNKS_PER_WORKER)
    # folding time grows faster than length: longest first, dealt round-robin, so no worker
    # gets the long tail at the end
    order = sorted(range(len(sequences)), key=lambda i: -len(sequences[i]))
    chunks = [[] for _ in range(n_chunks)]
    for rank, i in enumerate(order):
        chunks[rank % n_chunks].append(sequences[i])
    return chunks


def _fold_missing(sequences, mode, temperature, window, span, n_jobs, verbose, caller):
    """Yield ``(chunk, results)`` as chunks finish, folding in ``n_jobs`` processes."""
    from joblib import effective_n_jobs

    n_workers = effective_n_jobs(n_jobs)
    args = (mode, temperature, window, span)
    small = sum(map(len, sequences)) < MIN_PARALLEL_NUCLEOTIDES
    if n_workers == 1 or len(sequences) == 1 or small:
        # chunks only for progress and the cache: at most 256 sequences (about 10 s)
        size = max(1, min(int(np.ceil(len(sequences) / 8)), 256))
        chunks = [sequences[i : i + size] for i in range(0, len(sequences), size)]
        done = ((chunk, _folding.fold_chunk(chunk, *args)) for chunk in chunks)
    else:
        done = _fold_shared(_chunks(sequences, n_workers), args, n_jobs)
    start, last_report, n_done = time.perf_counter(), 0.0, 0
    with progress_bar(total=len(sequences), desc="folding", unit="seq", verbose=verbose) as bar:
        for chunk, result in done:
            n_done += len(chunk)
            bar.update(len(chunk))
            yield chunk, result
            last_report = _report(verbose, caller, n_done, len(sequences), start, last_report)


def _report(verbose, caller, n_done, total, start, last_report):
    """A log line (``verbose >= 2``) at most every 10 s and at the end; when it was printed."""
    now = time.perf_counter() - start
    if verbose >= 2 and (now - last_report >= 10 or n_done == total):
        print(
            f"[{caller}] folded {n_done}/{total} sequences in {now:.0f} s "
            f"({n_done / max(now, 1e-9):.1f}/s)",
            file=sys.stderr,
            flush=True,
        )
        return now
    return last_report


def _fold_shared(chunks, args, n_jobs):
    """Yield ``(chunk, results)``: joblib workers take chunks from the front of one queue
    (longest first), this process from the back, until none is left."""
    from joblib import Parallel, delayed

    pending, lock = deque(chunks), threading.Lock()
    taken, finished = [], queue.Queue()

    def tasks():  # pulled by joblib one task ahead per worker, not all at once
        while True:
            with lock:
                if not pending:
                    return
                chunk = pending.popleft()
            taken.append(chunk)
            # the task is _folding.fold_chunk itself: a worker unpickling it imports numpy
            # and ViennaRNA only (this module would pull in scikit-learn via skseq.utils)
            yield delayed(_folding.fold_chunk)(chunk, *args)

    def run_workers():
        try:
            parallel = Parallel(
                n_jobs=n_jobs, return_as="generator", pre_dispatch="n_jobs", batch_size=1
            )
            for i, result in enumerate(parallel(tasks())):  # in the order they were taken
                finished.put((taken[i], result))
        except BaseException as error:  # re-raised in the caller's thread
            finished.put(error)
        finally:
            finished.put(None)

    thread = threading.Thread(target=run_workers, name="skseq-fold", daemon=True)
    thread.start()
    done = False
    while True:
        with lock:
            chunk = pending.pop() if pending else None
        if chunk is None:
            break
        yield chunk, _folding.fold_chunk(chunk, *args)
        while not done:  # hand on what the workers finished meanwhile
            try:
                item = finished.get_nowait()
            except queue.Empty:
                break
            done = yield from _hand_on(item)
    while not done:
        done = yield from _hand_on(finished.get())
    thread.join()


def _hand_on(item):
    """Yield a worker's ``(chunk, results)``; True at the end-of-work marker."""
    if item is None:
        return True
    if isinstance(item, BaseException):
        raise item
    yield item
    return False
