class DefaultLanguageMiddleware:
    """Indonesian unless the user chose otherwise (language cookie), whatever the browser says.

    Many office computers run an English browser; officials still expect the Indonesian
    interface. So the browser's Accept-Language is ignored and LocaleMiddleware falls
    back to LANGUAGE_CODE when no language was chosen through the switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
