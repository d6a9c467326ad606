"""Stage 4, tags: tag names, evidence and scores, entity/topic/keyphrase sources, site vocabularies."""
