"""Parameter and attribute sections shared by the two estimators' docstrings."""

from skseq._presets import document_presets

_SHARED_DOC = """
    Parameters
    ----------
    architecture : "auto" or {presets}, default="auto"
        Network preset (:mod:`skseq.models._presets` has the table of which size parameters
        each preset honours; ``fit`` warns when one the preset ignores is set away from its
        default). ``"auto"`` picks by sequence length: ``"pysster"`` below 500 positions,
        ``"dilated_residual"`` from 500 on (``skseq._presets.AUTO_LONG_LENGTH``; chosen on
        the development panel, ``benchmarks/panel.py``, and on one planted motif in 1000 nt,
        where ``"pysster"`` stays at chance). ``architecture_`` records the choice. Ignored
        when ``model`` is given.
    n_conv_layers : int, default=3
        Convolution blocks (convolution, max-pool, dropout). pysster's default is 2; a third
        block raised test ROC-AUC on PUM2, QKI and NOVA by 0.002, 0.003 and 0.001 (means
        over seeds 0-2, ``benchmarks/_skseq_job.py``) for little time.
    n_filters : int, default=30
        Kernels per convolution layer.
    kernel_size : int, default=8
        Kernel length in positions.
    pool_size : int, default=2
        Max-pooling size after each convolution.
    n_dense_layers : int, default=1
        Fully connected layers before the output layer.
    dense_units : int, default=100
        Units per fully connected layer.
    dropout_input, dropout_conv, dropout_dense : float in [0, 1), default=0.1, 0.3, 0.6
        Dropout on the input, after each convolution block and after each dense layer.
    recurrent_units : int, default=0
        Units per direction of a bidirectional LSTM after the convolutions; 0 for none.
    learning_rate : float, default=2e-3
        Adam's initial learning rate (with ``patience=6`` and ``lr_patience=3``, a schedule
        that converges in about half the epochs of 5e-4 / 15 / 5 at the same or better test
        ROC-AUC on pysster's six RBP sets; see ``docs/benchmarks.md``). When the training
        loss becomes NaN or infinite, ``fit`` raises; when it grows a thousandfold over its
        first batch, ``fit`` warns (:class:`~sklearn.exceptions.ConvergenceWarning`): both
        name the learning rate.
    batch_size : int, default=128
        Training batch size.
    epochs : int, default=100
        Maximum number of epochs.
    validation_fraction : float in [0, 1), default=0.2
        Fraction of the training data held out (at random, stratified for classification,
        seeded by ``random_state``) to monitor the validation loss for early stopping and the
        learning-rate schedule. 0 disables validation: then no early stopping, and the
        learning-rate schedule follows the training loss. A fraction that rounds to no
        validation sequence, or to no training sequence, raises ``ValueError`` before
        training.
    patience : int or None, default=6
        Epochs without improvement of the validation loss before training stops; the weights
        of the best epoch are restored. None disables early stopping. Both patiences count
        only after the first 50 gradient steps (on about a hundred examples an epoch is a
        single step, and stopping within a few steps left a network that predicted one
        class), and only once the monitored loss has fallen 1 % below the loss of chance
        (predicting the class frequencies or the mean), or after 2,000 steps at the latest:
        a network can sit at chance for tens of epochs before it finds a motif, and counting
        from the start ended such fits at ROC-AUC 0.5 (``skseq.models._onset``). An epoch
        of fewer than 40 gradient steps counts as a fraction of one: patience 6 waits at
        least 240 steps (13 epochs of 3,000 sequences at batch 128), which raised test
        ROC-AUC on the development panel's small sets (``benchmarks/panel.py``) and leaves
        larger data, pysster's RBP sets included, as before.
    lr_patience : int or None, default=3
        Epochs without improvement before the learning rate is halved (at least
        ``lr_patience`` x 40 gradient steps, as for ``patience``). None disables it.
    precision : {"float32", "mixed_bfloat16", "mixed_float16"}, default="float32"
        Keras dtype policy of the network's layers: mixed policies compute in 16 bits and
        keep the weights (and the output layer) in float32; ``"mixed_float16"`` scales the
        loss (Keras' ``LossScaleOptimizer``). The global Keras policy is left as it was.
        Gains need hardware with fast 16-bit arithmetic: ``mixed_bfloat16`` on CPUs with
        AMX or AVX-512 BF16 (Intel Sapphire Rapids and later, AMD Zen 4 and later) and on
        TPUs; ``mixed_float16`` on NVIDIA GPUs with tensor cores (compute capability 7.0
        and later); elsewhere they are no faster, or slower. ``model`` builders are built
        under the policy too; give their output layer ``dtype="float32"``.
    reverse_complement : {None, "augment", "augment_and_average"}, default=None
        Both strands of one-hot nucleotide sequences: ``"augment"`` reverse-complements a
        random half of each training batch; ``"augment_and_average"`` also averages
        predictions over both strands, so they are strand-symmetric. The channels are
        paired as the encoder's alphabet pairs them (any order, RNA and IUPAC codes; see
        ``alphabet``). ``fit`` raises a ``ValueError`` before training when that pairing is
        unknown: a plain array without ``alphabet``, protein, or structure or track
        channels joined to the sequence. Whole-sequence features (``n_global_features``)
        are left as they are. For double-stranded DNA assays (a protein binding DNA); leave
        it off for RNA-binding sets, whose other strand is not an equivalent example (it
        cost 0.02 ROC-AUC on PUM2 in ``docs/benchmarks.md``).
    alphabet : str or None, default=None
        The symbols of X's sequence channels, in channel order, such as ``"ACGT"``,
        ``"ACTG"``, ``"DNA"``, ``"RNA"`` or IUPAC codes (``"ACGTRYKMSWBDHVN"``); needed only
        for ``reverse_complement``, to know which channel becomes which on the other
        strand. None reads the pairing from X: the skseq transformers' output carries it
        (:class:`skseq.utils.EncodedSequences`), so in a Pipeline after
        :class:`skseq.SequenceOneHotTransformer` it is not needed; a plain array or a
        memmap (:func:`skseq.preprocessing.encode_to_memmap`) carries none. When both are
        given and disagree, ``fit`` raises.
    max_shift : int, default=0
        Shift each training sequence by a random number of positions in ``[-max_shift,
        max_shift]``, filling vacated positions with zeros (unknown bases). With
        ``reverse_complement`` or ``max_shift``, and with memory-mapped X
        (``np.load(path, mmap_mode="r")``), training reads one batch at a time by index
        (the validation split too), so X is never copied whole.
    n_channels : int or None, default=None
        For 2-D input ``(n_sequences, length * channels)``: channels per position (the array
        is reshaped to ``(n_sequences, length, channels)`` without a copy). None means one
        channel. Must match the channel count of 3-D input when both are given.
    n_global_features : int, default=0
        The last ``n_global_features`` channels of X hold whole-sequence features, constant
        along the sequence (as :class:`skseq.ChannelUnion` writes them). They skip the
        convolutions and join the dense layers; only the first position is read.
    model : callable or None, default=None
        Your own network: ``model(input_shape, n_outputs, output_activation)`` returning an
        uncompiled ``keras.Model`` that takes ``(length, channels)`` input. It is compiled
        here (Adam with ``learning_rate``, the task's loss). Its first ``Conv1D`` is what the
        motif tools read. The builder sees every channel: ``architecture``, the size and
        dropout parameters and ``n_global_features`` are then not used. None uses
        ``architecture``.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, dropout, shuffling and the validation split. With an
        int, fitting twice on CPU gives identical predictions.
    verbose : int, default=0
        Passed to Keras' ``fit`` and ``predict`` (0 silent, 1 progress bar, 2 one line per
        epoch).
"""

_SHARED_ATTRIBUTES = """
    model_ : keras.Model
        The fitted network (input ``"sequence"``, first convolution ``"conv_1"`` for the
        presets).
    history_ : dict of list
        Per-epoch training record: ``"loss"``, ``"val_loss"``, metrics and their ``"val_"``
        versions, ``"learning_rate"``.
    n_epochs_ : int
        Epochs trained.
    best_epoch_ : int
        Epoch (counted from 1) with the lowest validation loss (training loss without
        validation); its weights are the ones kept when early stopping is on (which
        watches only the epochs after the first 50 gradient steps).
    input_shape_ : tuple of int
        ``(length, channels)`` of the training sequences.
    architecture_ : str
        The preset trained (what ``architecture="auto"`` chose).
    n_features_in_ : int
        ``length * channels``: the width of the equivalent 2-D input.
    feature_names_in_ : ndarray of str
        Column names, only when fitted on a DataFrame.
    n_outputs_ : int
        Units of the output layer.
    reverse_complement_ : str or None
        The ``reverse_complement`` mode applied.
    complement_channels_ : tuple of int or None
        For each sequence channel, the channel of its complement (from ``alphabet`` or
        from X); what ``reverse_complement`` permuted the channels by in training and, for
        ``"augment_and_average"``, in prediction. None when unknown.
"""

_SHARED_DOC = document_presets(_SHARED_DOC)  # fills in {presets}
