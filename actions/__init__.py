"""Custom actions of Digitallotse, served by the Rasa SDK action server.

Actions are thin: they read slots and entities, ask ``knowledge`` and turn the
answer into German messages. Loading the knowledge base here makes the action
server refuse to start when the knowledge base has errors.
"""

from actions.kb import knowledge_base

knowledge_base()
