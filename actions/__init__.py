"""Custom actions of Digitallotse, served by the Rasa SDK action server.

Actions are thin: they read slots and entities, ask ``knowledge`` and turn the
answer into German messages. Loading the knowledge base here makes the action
server refuse to start when the knowledge base has errors. The action server's
error replies and logs carry no conversation data (``actions/privacy.py``).
"""

from actions.kb import knowledge_base
from actions.privacy import protect_action_server

knowledge_base()
protect_action_server()
