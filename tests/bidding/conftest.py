from tests.matching.conftest import _own_data_dir, bidding_phase, committee, papers, run_now  # noqa: F401
