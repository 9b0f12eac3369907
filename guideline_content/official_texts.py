"""Where the guideline's official texts are, beyond each edition's frozen `source_url`.

The edition files (version.yaml) are the DPO's and never change, so addresses learnt later live here.
Facts sheet §1.4 (fact 26): the DPO publishes the Chinese text beside the English one, as
`HK_Generative_AI_Technical_and_Application_Guideline_tc.pdf`; §10 R3 is the Chinese text of
version 1.1 (no Chinese text of version 1.0 was read, fact 177).
"""

CHINESE_TEXT = {
    "hk-genai-2025-12": (
        "https://www.digitalpolicy.gov.hk/en/our_work/data_governance/policies_standards/"
        "ethical_ai_framework/doc/HK_Generative_AI_Technical_and_Application_Guideline_tc.pdf"
    ),
}


def chinese_text_url(edition: str) -> str:
    return CHINESE_TEXT.get(edition, "")
