"""The application's look: one stylesheet, calm colours, large readable text."""

from __future__ import annotations

ACCENT = "#1f4e79"

STYLESHEET = f"""
QMainWindow, QDialog {{ background: #f7f8fa; }}
#sidebar {{ background: #1d2b3a; }}
#sidebar QLabel {{ color: #d9e2ec; }}
#shopNameLabel {{ font-size: 15pt; font-weight: 600; color: #ffffff; padding: 4px 8px 14px 8px; }}
#userLabel {{ color: #9fb3c8; padding: 8px; }}
#sidebar QPushButton {{
    text-align: left; padding: 9px 12px; border: none; border-radius: 6px;
    color: #d9e2ec; background: transparent; font-size: 11pt;
}}
#sidebar QPushButton:hover {{ background: #2b3d52; }}
#sidebar QPushButton:checked {{ background: {ACCENT}; color: #ffffff; font-weight: 600; }}
#sidebar QPushButton:focus {{ outline: none; border: 1px solid #f5b700; }}
#topBar {{ background: #ffffff; border-bottom: 1px solid #e4e7eb; }}
#screenTitle {{ font-size: 16pt; font-weight: 600; color: #102a43; }}
#searchBox {{ padding: 6px 10px; border: 1px solid #bcccdc; border-radius: 6px;
              font-size: 11pt; background: #ffffff; }}
#searchBox:focus {{ border: 2px solid {ACCENT}; }}
#demoBanner {{ background: #fff3c4; border-bottom: 1px solid #f0b429; }}
#demoLabel {{ color: #8d2b0b; font-weight: 600; }}
#backupBanner {{ background: #fde2e1; border-bottom: 1px solid #e5534b; }}
#backupLabel {{ color: #8a1c14; font-weight: 600; }}
#emptyTitle {{ font-size: 15pt; font-weight: 600; color: #334e68; }}
#emptyText {{ font-size: 11pt; color: #627d98; }}
#errorLabel, #shopPageError, #moneyPageError, #ownerPageError {{ color: #b42318; }}
#hintLabel {{ color: #627d98; }}
#searchPopup {{ background: #ffffff; border: 1px solid #9fb3c8; border-radius: 6px; }}
#searchHint {{ background: #e8f1fb; color: {ACCENT}; font-weight: 600; padding: 7px 10px;
               border-top-left-radius: 6px; border-top-right-radius: 6px; }}
#searchFooter {{ color: #627d98; padding: 5px 10px; border-top: 1px solid #e4e7eb; }}
#searchResults {{ border: none; }}
#searchResults::item {{ padding: 0 6px; }}
#customerName {{ font-size: 16pt; font-weight: 600; color: #102a43; padding: 0 8px; }}
#contactLine {{ font-size: 11pt; color: #334e68; padding: 2px 0 6px 0; }}
#blacklistBanner {{ background: #fde2e1; color: #8a1c12; font-weight: 600;
                    border: 1px solid #f5a39b; border-radius: 6px; padding: 6px 10px; }}
#foldButton {{ border: none; background: transparent; font-weight: 600; color: #334e68;
               padding: 2px 4px; }}
#foldButton:focus {{ border: 1px solid {ACCENT}; border-radius: 4px; }}
#sectionTitle {{ font-size: 12pt; font-weight: 600; color: #334e68; }}
#balanceLabel {{ font-size: 11pt; font-weight: 600; color: #102a43; }}
#customerFind {{ padding: 6px 10px; font-size: 11pt; }}
QTableView {{ background: #ffffff; alternate-background-color: #f5f7fa;
              gridline-color: #e4e7eb; selection-background-color: #d0e2f4;
              selection-color: #102a43; }}
QHeaderView::section {{ background: #eef2f6; padding: 5px; border: none;
                        border-right: 1px solid #d9e2ec; font-weight: 600; }}
"""
