"""Input gradients: the part of the backend code (:mod:`skseq._backend`) that differentiates.

Keras 3 has forward ops for every backend (``keras.ops``) but no gradient op. Everything in
skseq goes through ``keras.ops`` and ``keras.layers`` except :func:`gradient_function`, which
calls TensorFlow's ``GradientTape``, ``jax.grad`` or PyTorch autograd, each imported only when
it is the running backend.
"""

import numpy as np


def gradient_function(model, select, *, compiled=False):
    """``(x, w) -> d sum(select(model(x), w)) / dx`` as a numpy array, on the active backend.

    Parameters
    ----------
    model : keras.Model
        Called with ``training=False``; its variables are read, never written.
    select : callable
        ``select(outputs, w)``: the outputs of one batch (a backend tensor of shape
        ``(n, n_outputs)``) and ``w`` (a float32 array of shape ``(n, n_outputs)``, or
        ``None``) to one value per sequence.
    compiled : bool, default=False
        TensorFlow only: trace the gradient into a ``tf.function`` (for many calls on
        inputs of one shape, as gradient ascent makes; JAX always compiles).

    Returns
    -------
    callable
        ``grad(x, w)`` with ``x`` a float32 array of shape ``(n, length, channels)``; built
        (and on JAX jitted) once, so call it for every batch.

    Raises
    ------
    ValueError
        For a Keras backend without gradients (e.g. ``"numpy"``).
    """
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        from tensorflow import GradientTape

        def tape_grad(x, w):
            with GradientTape() as tape:
                tape.watch(x)
                value = keras.ops.sum(select(model(x, training=False), w))
            return tape.gradient(value, x)

        if compiled:
            import tensorflow as tf

            tape_grad = tf.function(tape_grad, reduce_retracing=True)

        def grad(x, w):
            return keras.ops.convert_to_numpy(tape_grad(keras.ops.convert_to_tensor(x), w))

        return grad
    if backend == "jax":
        import jax

        trainable = [v.value for v in model.trainable_variables]
        non_trainable = [v.value for v in model.non_trainable_variables]

        def total(x, w):
            out, _ = model.stateless_call(trainable, non_trainable, x, training=False)
            return select(out, w).sum()

        grad_fn = jax.jit(jax.grad(total))
        return lambda x, w: np.asarray(grad_fn(x, w))
    if backend == "torch":
        import torch

        def grad(x, w):
            x = keras.ops.convert_to_tensor(x).detach().requires_grad_(True)
            with torch.enable_grad():
                select(model(x, training=False), w).sum().backward()
            return x.grad.detach().cpu().numpy()

        return grad
    raise ValueError(
        f"gradients are not available for the Keras backend {backend!r}; use "
        "in_silico_mutagenesis, which needs forward passes only"
    )
