# No models. The module exists because Django sends post_migrate only to apps that have one,
# and CoreConfig.ready() syncs the staff roles on that signal.
