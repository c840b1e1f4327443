"""A listing's description: an opening about the service and its setting, then sentences from
a shuffled pool in short paragraphs, sometimes a bulleted list, 300 to 1,500 characters."""

from __future__ import annotations

import random
import textwrap

from rehab_directory.core.vocab import ServiceType

from .words import BULLETS, EXPLAINED, SENTENCES, SERVICE_WORDS

LONGEST = 1500  # characters
WIDTH = 88  # a paragraph's lines are wrapped here, as people write YAML by hand


def description(rng: random.Random, name: str, town: str, setting: str, near: str,
                services: list[ServiceType]) -> str:
    target = rng.randint(300, LONGEST)
    offered = " and ".join(SERVICE_WORDS[s] + EXPLAINED.get(s, "") for s in services[:2])
    opening = f"{name} offers {offered}. We are in {setting} near {near} in {town}."
    if rng.random() < 0.5:
        opening = opening.replace(SERVICE_WORDS[services[0]],
                                  f"**{SERVICE_WORDS[services[0]]}**", 1)
    paragraphs = [[opening]]
    pool = list(SENTENCES)
    rng.shuffle(pool)
    length = len(opening)
    bullets_done = False
    while pool and length < target:
        if not bullets_done and length > 350 and rng.random() < 0.3:
            bullets = rng.sample(BULLETS, rng.randint(2, 5))
            paragraphs.append(["- " + b for b in bullets])
            paragraphs.append([])
            length += sum(len(b) + 3 for b in bullets)
            bullets_done = True
            continue
        sentence = pool.pop()
        if length + len(sentence) > LONGEST:
            break
        if len(paragraphs[-1]) >= rng.randint(2, 4):
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        length += len(sentence) + 1
    out = []
    for para in paragraphs:
        if not para:
            continue
        out.append("\n".join(para) if para[0].startswith("- ")
                   else textwrap.fill(" ".join(para), WIDTH, break_on_hyphens=False))
    return "\n\n".join(out)
