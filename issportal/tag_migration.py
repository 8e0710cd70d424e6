"""Moving tags from taggit's shared vocabulary to an app's own (migrations use it).

Names that differ only by case ("Assembly", "assembly") become one tag, spelled as most of
its uses spell it; an item that carried both keeps one link.
"""

from collections import Counter

from django.utils.text import slugify


def merged_vocabulary(names, tag_model):
    """{casefolded name: tag} for ``names`` (one per use), creating the tags."""
    spellings = {}
    for name in names:
        spellings.setdefault(name.casefold(), Counter())[name] += 1
    vocabulary, slugs = {}, set()
    for key in sorted(spellings):
        name = spellings[key].most_common(1)[0][0]
        slug = base = slugify(name, allow_unicode=True) or "tag"
        number = 1
        while slug in slugs:
            number += 1
            slug = f"{base}-{number}"
        slugs.add(slug)
        vocabulary[key] = tag_model.objects.create(name=name, slug=slug)
    return vocabulary
