"""User-facing errors: one clear line that names what is wrong and where."""


class ErreurMetropole(Exception):
    """An error in what the user gave (situation, period, variable, population file).

    Its message is a single line meant to be printed as is; the CLI exits with code 1.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))
