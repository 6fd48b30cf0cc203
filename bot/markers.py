"""Markers shared by the action server and the Rasa server (no imports: both sides load this cheaply).

``action_delete_profile`` puts ``DELETE_CONVERSATION`` into the metadata of one SlotSet event, and only in
its deleting branch after the user confirmed. The tracker store (``bot/tracker_store.py``) sees that event
among the events it is about to save and deletes the sender's whole conversation instead. User messages
cannot carry it: only UserUttered events take metadata from a request, and the store checks SlotSet only.
"""

DELETE_CONVERSATION_KEY = "digitallotse"
DELETE_CONVERSATION_VALUE = "delete_conversation"
DELETE_CONVERSATION = {DELETE_CONVERSATION_KEY: DELETE_CONVERSATION_VALUE}
