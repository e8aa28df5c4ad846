"""Link classification, accounts and ownership."""

from __future__ import annotations

import pytest

from confero.engine.checks.classify import account_matches, account_variants, classify, owned


@pytest.mark.parametrize(
    "url,kind",
    [
        ("https://github.com/org/repo", "code"),
        ("https://gitlab.com/group/project/-/tree/main", "code"),
        ("https://codeberg.org/user/tool", "code"),
        ("https://bitbucket.org/team/repo", "code"),
        ("https://anonymous.4open.science/r/ABC-1234", "code"),
        ("https://colab.research.google.com/drive/1abc", "code"),
        ("https://huggingface.co/meta-llama/Llama-2-7b-hf", "model"),
        ("https://hf.co/org/model", "model"),
        ("https://huggingface.co/datasets/allenai/c4", "dataset"),
        ("https://huggingface.co/spaces/org/demo", "demo"),
        ("https://huggingface.co/papers/2401.00001", "paper"),
        ("https://www.kaggle.com/datasets/user/data", "dataset"),
        ("https://www.kaggle.com/models/google/gemma", "model"),
        ("https://osf.io/abcde/", "dataset"),
        ("https://figshare.com/articles/dataset/x/123", "dataset"),
        ("https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/X", "dataset"),
        ("https://zenodo.org/records/123", "dataset"),
        ("https://arxiv.org/abs/2401.00001", "paper"),
        ("https://doi.org/10.1000/xyz", "paper"),
        ("https://openreview.net/forum?id=abc", "paper"),
        ("https://aclanthology.org/2023.acl-long.1.pdf", "paper"),
        ("https://example.org/files/paper.pdf", "paper"),
        ("https://abc123.gradio.live", "demo"),
        ("https://myapp.streamlit.app/", "demo"),
        ("https://pytorch.org/docs/stable/index.html", "other"),
        ("https://org.github.io/project/", "other"),
    ],
)
def test_kinds(url, kind):
    assert classify(url).kind == kind


def test_ambiguous_hosts_use_the_sentence():
    assert classify("https://zenodo.org/records/1", "The model weights are on Zenodo").kind == "model"
    assert classify("https://zenodo.org/records/1", "The corpus is archived at").kind == "dataset"


def test_accounts_and_personal_pages():
    info = classify("https://github.com/janedoe/repo")
    assert (info.account, info.anonymous, info.personal_page) == ("janedoe", False, False)
    assert classify("https://github.com/anonymous-author/repo").anonymous
    assert classify("https://anonymous.4open.science/r/x").anonymous
    assert classify("https://github.com/janedoe").personal_page
    assert classify("https://janedoe.github.io/").personal_page
    assert classify("https://scholar.google.com/citations?user=abc").personal_page
    assert classify("https://www.cs.uni.edu/~jdoe/").personal_page
    assert classify("https://sites.google.com/view/janedoe").account == "janedoe"
    assert classify("https://huggingface.co/janedoe/my-model").account == "janedoe"


def test_account_matching():
    v = account_variants("Jane Q. Doe-Smith", "jq.doe@uni.edu")
    assert account_matches("janedoesmith", v) or account_matches("jdoesmith", v)
    v = account_variants("Jane Doe", "jane.doe@uni.edu")
    for account in ["janedoe", "JaneDoe", "jdoe", "jane-doe", "doejane", "janedoe-lab"]:
        assert account_matches(account, v), account
    for account in ["huggingface", "jd", "openai", "john"]:
        assert not account_matches(account, v), account
    assert not account_matches("li", account_variants("Wei Li"))  # short family names are not enough


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Our code is available at https://github.com/x/y.", True),
        ("Code: https://github.com/x/y", True),
        ("We release the dataset at https://huggingface.co/datasets/x/y.", True),
        ("The implementation is publicly available at https://github.com/x/y.", True),
        ("We build on the LLaMA implementation of Touvron et al. (2023).", False),
        ("https://arxiv.org/abs/2401.00001", False),
    ],
)
def test_ownership(sentence, expected):
    assert owned(sentence) is expected
