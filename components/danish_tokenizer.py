"""A whitespace tokenizer that also hands the featurizers each word folded the way Danes type
without æ/ø/å ("hjælp" and "hjaelp" both become "hjaelp"), so both spellings share features."""
from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.text import fold_danish


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class DanishFoldingTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            # CountVectorsFeaturizer reads the lemma (use_lemma defaults to true); the token's text
            # and offsets stay untouched so entity positions still point into the original message.
            token.lemma = fold_danish(token.text)
        return tokens
