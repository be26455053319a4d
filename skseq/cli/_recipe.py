"""What ``skseq tune --study-name`` records in its study, so that ``skseq tune-worker`` can
rebuild the same search: the command's arguments, as a study user attribute."""

#: Study user attribute holding the arguments of the ``skseq tune`` that started the study.
RECIPE_ATTR = "skseq_tune_command"


def _storage(storage, heartbeat):
    from skseq.tuning._storage import make_storage

    return make_storage(storage, **heartbeat)


def record_recipe(storage, study_name, recipe, heartbeat):
    """Store ``skseq tune``'s arguments in study ``study_name`` (created if new)."""
    import optuna

    study = optuna.create_study(
        storage=_storage(storage, heartbeat),
        study_name=study_name,
        direction="maximize",
        load_if_exists=True,
    )
    study.set_user_attr(RECIPE_ATTR, recipe)


def read_recipe(storage, study_name, heartbeat):
    """The arguments ``skseq tune`` recorded in the study, with errors naming what is missing."""
    import optuna

    from skseq.tuning._storage import describe_storage

    store = _storage(storage, heartbeat)
    names = [s.study_name for s in optuna.get_all_study_summaries(store)]
    where = f"storage {describe_storage(storage)}"
    if study_name not in names:
        raise ValueError(
            f"{where} holds no study {study_name!r} (its studies: {sorted(names) or 'none'}); "
            "start it with skseq tune --storage ... --study-name ..."
        )
    study = optuna.load_study(study_name=study_name, storage=store)
    recipe = study.user_attrs.get(RECIPE_ATTR)
    if recipe is None:
        raise ValueError(
            f"study {study_name!r} in {where} was not started by skseq tune --study-name, so "
            "a worker cannot tell which search to run; run the search's own script there "
            "(SequenceSearchCV with this storage and study_name)"
        )
    return recipe
