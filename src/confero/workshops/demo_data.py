"""Fixed tables for the demo: e-mail domains, research areas, topic keywords, invented author names.

Every demo e-mail address ends in ``.example`` (reserved by RFC 2606, never delivered), so the demo can
never write to a real person.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

DEMO_SLUG = "os-fms-2025"
DEMO_TLD = ".example"

# Affiliation (as written in the workshop facts) -> demo e-mail domain (real domain + ".example").
AFFILIATION_DOMAINS = {
    "Alibaba Group": "alibaba-inc.com.example",
    "Alibaba": "alibaba-inc.com.example",
    "Nanjing University": "nju.edu.cn.example",
    "University of Manchester": "manchester.ac.uk.example",
    "Sea AI Lab": "sea.com.example",
    "Stanford University": "stanford.edu.example",
    "ByteDance": "bytedance.com.example",
    "University of California, Santa Barbara": "ucsb.edu.example",
    "UC Santa Barbara": "ucsb.edu.example",
    "University of Southern California": "usc.edu.example",
    "UC Los Angeles": "ucla.edu.example",
    "University of Michigan": "umich.edu.example",
    "Kwai Tech": "kuaishou.com.example",
    "Northwestern University": "northwestern.edu.example",
    "ShanghaiTech University": "shanghaitech.edu.cn.example",
    "Tsinghua University": "tsinghua.edu.cn.example",
    "Tencent": "tencent.com.example",
    "OPPO": "oppo.com.example",
    "Inf Tech": "inftech.ai.example",
    "01.AI": "01.ai.example",
    "CUHK": "cuhk.edu.hk.example",
    "UCAS": "ucas.ac.cn.example",
    "University of Oxford": "ox.ac.uk.example",
    "Yale University": "yale.edu.example",
    "Shanghai AI Lab": "pjlab.org.cn.example",
    "SynthLabs": "synthlabs.ai.example",
    "MBZUAI": "mbzuai.ac.ae.example",
    "SAP": "sap.com.example",
    "Cornell University": "cornell.edu.example",
    "NUS": "nus.edu.sg.example",
    "NVIDIA": "nvidia.com.example",
}

# A small controlled list of research areas for OS-FMs (key, name).
RESEARCH_AREAS = [
    ("nlp", "Natural language processing"),
    ("ml-theory", "Machine learning theory"),
    ("systems", "Systems and efficiency"),
    ("vision-multimodal", "Vision and multimodal learning"),
    ("data", "Data and datasets"),
    ("evaluation", "Evaluation and benchmarks"),
    ("agents", "Agents and interactive systems"),
]

# Topic key -> keywords; a paper's topics are the two with most keyword hits in its title and abstract.
TOPIC_KEYWORDS = {
    "open-datasets": [
        "dataset",
        "corpus",
        "data curation",
        "synthetic data",
        "instruction data",
        "preference data",
        "annotation",
        "data quality",
        "filtering",
        "deduplication",
    ],
    "open-foundation-models": [
        "pretrain",
        "pre-train",
        "foundation model",
        "architecture",
        "merging",
        "merge",
        "continual learning",
        "mixture of experts",
        "mixture-of-experts",
        "modular",
        "reasoning",
        "decoding",
    ],
    "open-training-protocols": [
        "scaling law",
        "training dynamics",
        "interpretab",
        "grokking",
        "alignment",
        "instruction tuning",
        "rlhf",
        "reinforcement learning",
        "fine-tun",
        "prompt tuning",
        "emergent",
    ],
    "open-evaluation": ["benchmark", "evaluation", "evaluate", "metric", "leaderboard", "contamination"],
    "open-compute-efficiency": [
        "distillation",
        "compression",
        "quantiz",
        "pruning",
        "efficient",
        "lora",
        "parameter-efficient",
        "sparse",
        "memory",
        "attention",
        "inference cost",
    ],
    "open-multimodal": [
        "vision",
        "image",
        "visual",
        "multimodal",
        "multi-modal",
        "audio",
        "speech",
        "video",
        "medical",
        "chemistry",
        "molecule",
    ],
    "open-agents": [
        "agent",
        "tool use",
        "tool-use",
        "api",
        "dialogue",
        "conversational",
        "interactive",
        "multi-agent",
        "planning",
    ],
    "open-replication": [
        "replicat",
        "reproduc",
        "open-source",
        "open source",
        "open-weight",
        "transparen",
        "release",
        "proprietary",
    ],
}

# Invented names for demo authors (seeded draws; no real people intended).
FIRST_NAMES = [
    "Amara",
    "Bao",
    "Carmen",
    "Dmitri",
    "Elif",
    "Farah",
    "Gustavo",
    "Hana",
    "Ikaika",
    "Jonas",
    "Kavya",
    "Lena",
    "Mateo",
    "Noor",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tamsin",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zofia",
    "Aiko",
    "Bruno",
    "Chidi",
    "Daria",
]
LAST_NAMES = [
    "Abara",
    "Berglund",
    "Castellanos",
    "Dervish",
    "Eklund",
    "Fontaine",
    "Garibaldi",
    "Haddad",
    "Ishikawa",
    "Jovanovic",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Petrakis",
    "Quintero",
    "Rahimi",
    "Sorensen",
    "Takahashi",
    "Udeh",
    "Varga",
    "Whitfield",
    "Xu",
    "Yilmaz",
    "Zeller",
]
# Invented institutions for demo authors, each with a reserved demo domain.
AUTHOR_INSTITUTIONS = [
    ("University of Northbridge", "northbridge.example"),
    ("Lakeside Institute of Technology", "lit.example"),
    ("Meridian AI Research", "meridian-ai.example"),
    ("Eastfield University", "eastfield.example"),
    ("Harbor Labs", "harborlabs.example"),
    ("Westmoor College", "westmoor.example"),
    ("Alpine Centre for Computing", "alpine-cc.example"),
    ("Riverbend University", "riverbend.example"),
]


def read_facts() -> dict:
    return json.loads(
        resources.files("confero.workshops").joinpath("data/os-fms-2025.json").read_text("utf-8")
    )


def read_papers() -> list[dict]:
    text = resources.files("confero.workshops").joinpath("data/demo_papers.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def stable_int(text: str) -> int:
    """A deterministic integer from a string (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def domain_for(affiliation: str) -> str:
    first = affiliation.split(" / ")[0].strip()
    if first in AFFILIATION_DOMAINS:
        return AFFILIATION_DOMAINS[first]
    return re.sub(r"[^a-z0-9]+", "-", first.lower()).strip("-") + DEMO_TLD


def email_for(name: str, affiliation: str) -> str:
    local = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".")
    return f"{local}@{domain_for(affiliation)}"


def areas_for(name: str) -> list[str]:
    """One or two research-area keys per person, chosen from the name deterministically."""
    h = stable_int(name)
    first = h % len(RESEARCH_AREAS)
    keys = [RESEARCH_AREAS[first][0]]
    if (h >> 8) % 2:
        keys.append(
            RESEARCH_AREAS[(first + 1 + (h >> 16) % (len(RESEARCH_AREAS) - 1)) % len(RESEARCH_AREAS)][0]
        )
    return keys


def topics_for(title: str, abstract: str, order: list[str]) -> tuple[str, str | None]:
    """(primary, secondary or None) topic keys by keyword counts; ties go to the earlier topic."""
    text = f"{title} {title} {abstract}".lower()  # the title counts twice
    scores = {key: sum(text.count(w) for w in TOPIC_KEYWORDS.get(key, [])) for key in order}
    ranked = sorted(order, key=lambda k: (-scores[k], order.index(k)))
    primary = ranked[0] if scores[ranked[0]] > 0 else "open-foundation-models"
    secondary = next((k for k in ranked if k != primary and scores[k] > 0), None)
    return primary, secondary
