"""Hand labels (url -> kind) for bench/checks_links.py.

Rule: the kind of the resource the URL points to: a repository on a code host (GitHub, GitLab,
anonymous.4open.science, ...) is ``code`` whatever it also holds; a model page or model collection on a
model hub is ``model``; a dataset page or data download is ``dataset``; an interactive system is
``demo``; a publication (or its DOI) is ``paper``; project pages, organisation pages, leaderboards,
library websites and unknown pages are ``other``. For a link shortener or an archive record (Zenodo DOI)
the sentence around the link decides when it names one kind of artifact.

DEV: every distinct URL of ../shared/corpus/daily_papers.jsonl and its listings (the classifier's
rules for archives, shorteners and model collections were written after looking at these).
TEST: every distinct URL of ../shared/benchmarks/expertise-dev (abstracts of submissions and profile
publications), labelled before the classifier was run on them and not used to change it.
"""

from __future__ import annotations

_DEV_CODE = """github.com/AgentTorch/AgentTorch github.com/hmarkc/FW-Merging github.com/marrlab/DinoBloom
https://anonymous.4open.science/r/mocoop-6387 https://github.com/ARCLab-MIT/space-nvs https://github.com/Efficient-AI/ingenious
https://github.com/Eladlev/AutoPrompt https://github.com/GCYZSL/CVLMN https://github.com/GitsSaikat/Pygen
https://github.com/IBM/ensemble-instruct https://github.com/JishengBai/AudioSetCaps https://github.com/JiuhaiChen/Florence-VL
https://github.com/KevinLight831/CTP https://github.com/LAION-AI/AIW https://github.com/LZY-the-boys/Twin-Mergin
https://github.com/LeapLabTHU/Model-Assembling https://github.com/McGill-DMaS/DMaS-LLaMa-Lite-Training-Code
https://github.com/NVlabs/COAT https://github.com/NYUSHCS/GraphFM https://github.com/OpenGVLab/LLaMA-Adapter
https://github.com/QwenLM/Self-Lengthen https://github.com/RulinShao/retrieval-scaling https://github.com/SakanaAI/natural_niches
https://github.com/SewoongLab/PLeaS-Merging https://github.com/TsinghuaC3I/CRaSh https://github.com/ViralLab/TurkishBERTweet
https://github.com/WangFei-2019/SNARE/ https://github.com/Xingrun-Xing2/EfficientLLM https://github.com/Zhihan1996/DNABERT_S
https://github.com/alibaba/AliceMind https://github.com/apple/corenet https://github.com/bigscience-workshop/architecture-objective
https://github.com/bonaventuredossou/MLM_AL https://github.com/cambridgeltl/composable-sft https://github.com/chansongoal/FCM-LM/tree/master
https://github.com/cisnlp/LangSAMP https://github.com/cisnlp/TransMI https://github.com/cxcscmu/MATES
https://github.com/ddw2AIGROUP2CQUPT/PA-LLaVA https://github.com/declare-lab/instruct-eval https://github.com/duguodong7/GraftLLM
https://github.com/duguodong7/pcb-merging https://github.com/google/belief-localization https://github.com/haon-chen/mmE5
https://github.com/hkust-nlp/PreSelect https://github.com/jameszhou-gl/gpt-4v-distribution-shift https://github.com/jy0205/LaVIT
https://github.com/lifan-yuan/CRAFT https://github.com/mathllm/MathCoder2 https://github.com/megvii-research/protoclip
https://github.com/miccunifi/iamcl2r https://github.com/michiyasunaga/dragon https://github.com/microsoft/CoLM
https://github.com/microsoft/hallucinated-references https://github.com/modelscope/modelscope-agent/tree/master/apps/codexgraph_agent
https://github.com/mshukor/UnIVAL https://github.com/qiuzh20/EMoE https://github.com/robotics-survey/Awesome-Robotics-Foundation-Models
https://github.com/salesforce/CodeGen2 https://github.com/saranya-venkatraman/multi_llm_story_writing
https://github.com/shikiw/Modality-Integration-Rate https://github.com/showlab/EvolveDirector https://github.com/som-shahlab/ehrshot-benchmark
https://github.com/stanfordnlp/dspy https://github.com/withinmiaov/A-Survey-on-Mixture-of-Experts https://github.com/yueyu1030/AttrPrompt
https://github.com/zhang-wei-chao/DC-PDD https://doi.org/10.5281/zenodo.7570357"""
_DEV_MODEL = """https://huggingface.co/BytedanceDouyinContent/SAIL-VL-2B https://huggingface.co/NexaAIDev/Octopus-v4
https://huggingface.co/OpenGVLab/HoVLE https://huggingface.co/apple/OpenELM https://huggingface.co/faisalq/EgyBERT
https://huggingface.co/pfnet/nekomata-14b-pfn-qfin-inst-merge https://ibm.biz/BdKhLa
https://huggingface.co/collections/McGill-DMaS/dmas-llama-lite-6761d97ba903f82341954ceb
https://huggingface.co/collections/aurora-m/aurora-m-models-65fdfdff62471e09812f5407"""
_DEV_DATASET = """https://app.globus.org/file-manager?origin_id=55e17a6e-9d8f-11ed-a2a2-8383522b48d9&origin_path=%2F~%2F
https://doi.org/10.5281/zenodo.7902072"""
_DEV_OTHER = """https://github.com https://github.com/openmedlab https://huggingface.co/BSC-TeMU https://aka.ms/BLURB
https://aka.ms/X-CLIP https://aka.ms/monitors4codegen https://casia-iva-group.github.io/projects/VALOR
https://davidhalladay.github.io/mmfactory_demo https://distillation.baulab.info https://iprc-dip.github.io/ANPL/
https://llm-stacking.github.io/ https://orrzohar.github.io/projects/fomo/ https://rank.opencompass.org.cn/leaderboard-multimodal
https://rohinmanvi.github.io/GeoLLM https://step-law.github.io/ https://threedle.github.io/ll3m https://www.nexa4ai.com/"""

_TEST_CODE = """github.com/gaiyu0/cfq http://github.com/CogComp/cogcomp-nlp https://github.com/CLAW-Lab/ToM
https://github.com/JasperGuo/Unimer https://github.com/Toloka/crowd-kit https://github.com/UKPLab/beir
https://github.com/VHellendoorn/Code-LMs https://github.com/W4ngatang/qags https://github.com/Yale-LILY/dart
https://github.com/ZJULearning/PTL https://github.com/airsplay/lxmert https://github.com/chahuja/aisle
https://github.com/csong27/collision-bert https://github.com/czyssrs/FinQA https://github.com/dondongwon/CC_NCE_GENEA
https://github.com/dwadden/dygiepp https://github.com/elehman16/exposing_patient_data_release https://github.com/jbr-ai-labs/PU-OC
https://github.com/jiangjiechen/LOREN https://github.com/jzbjyb/LPAQA https://github.com/microsoft/ContextualSP
https://github.com/neulab/BARTScore https://github.com/neulab/external-knowledge-codegen https://github.com/nguyenvo09/EACL2021
https://github.com/salesforce/CodeT5 https://github.com/sigmorphon/2021Task0 https://github.com/tech-srl/Nero
https://github.com/tech-srl/c3po/ https://github.com/thunlp/CL-SP https://github.com/thunlp/LME https://github.com/thunlp/fewrel
https://github.com/uhh-lt/triframes https://github.com/yixinL7/Refactoring-Summarization https://github.com/yixinL7/SimCLS
https://github.com/yuleiniu/cfvqa https://github.com/yuzhimanhua/HiGitClass"""
_TEST_DEMO = "http://researchexchange.cs.umass.edu:3000/ http://review.nlpedia.ai/"
_TEST_PAPER = "https://doi.org/10.1145/3219819.3220107 https://doi.org/10.1145/3341301.3359654"
_TEST_DATASET = "https://toloka.ai/datasets"
_TEST_OTHER = """http://hucvl.github.io/recipeqa https://github.com/facebookresearch/ https://gpl.sbert.net
https://radimrehurek.com/gensim/ www.aaai.org"""


def _labels(**groups: str) -> dict[str, str]:
    return {url: kind for kind, text in groups.items() for url in text.split()}


DEV = _labels(code=_DEV_CODE, model=_DEV_MODEL, dataset=_DEV_DATASET, other=_DEV_OTHER)
TEST = _labels(code=_TEST_CODE, demo=_TEST_DEMO, paper=_TEST_PAPER, dataset=_TEST_DATASET, other=_TEST_OTHER)
