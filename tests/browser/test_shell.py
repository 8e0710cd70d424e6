def test_home_renders_without_console_errors_or_csp_violations(page):
    page.goto("/")
    assert page.title().startswith("International Space Station")
    page.wait_for_load_state("networkidle")
    assert page.console_log.errors == []
    # The stylesheet is applied: the strict CSP let it through.
    background = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.is_visible(".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")


def test_home_has_no_accessibility_violations(page, axe):
    page.goto("/")
    axe(page)


def test_not_found_page_has_no_accessibility_violations(page, axe):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    axe(page)
