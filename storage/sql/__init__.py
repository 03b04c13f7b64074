"""What both SQL backends share: queries written once, answer batching, group commit, migrations."""
