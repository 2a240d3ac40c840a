from search.services import inquiries_in_order, ranked_inquiry_ids


def search_inquiries(user, text: str) -> list:
    """Every matching inquiry the user may see, best first: what the search page pages through."""
    return inquiries_in_order(ranked_inquiry_ids(user, text))
